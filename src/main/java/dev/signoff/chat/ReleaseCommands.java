package dev.signoff.chat;

import dev.signoff.chat.spi.ButtonToken;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.Releases;

import java.util.Optional;

/**
 * The commands and clicks that name a release rather than an app or a promotion: {@code promote
 * <release> to <stage>}, {@code status <release>}, and approve, reject, cancel and abort of a
 * release's id (typed, or the buttons of its card). Answers in the same words on every platform.
 */
final class ReleaseCommands {
    private final Releases releases;
    private final Promotions promotions;
    private final StatusWording statusWording;
    private final ButtonIssuer buttons;

    ReleaseCommands(Releases releases, Promotions promotions, StatusWording statusWording, ButtonIssuer buttons) {
        this.releases = releases;
        this.promotions = promotions;
        this.statusWording = statusWording;
        this.buttons = buttons;
    }

    /**
     * The question before an Approve on a waiting release's card counts, when a member's stage wants
     * it asked; none when the vote would be refused, so that the click is refused at once.
     */
    Optional<ConfirmationPrompt> confirmation(String releaseId, String person) {
        return releases.find(releaseId).filter(r -> r.status() == PromotionStatus.PENDING_APPROVAL)
                .filter(r -> releases.approvalRefusal(person, r.id()).isEmpty()).flatMap(r -> {
            var members = releases.members(r);
            return ReleaseWording.asksToConfirm(members, promotions.config())
                    ? Optional.of(new ConfirmationPrompt(ReleaseWording.confirmation(r, members), buttons.confirmFor(r, members, person)))
                    : Optional.empty();
        });
    }

    boolean isRelease(String id) {
        return releases.find(id).isPresent();
    }

    /** The answer when {@code command} is about a release; empty when it is about an app or a promotion. */
    Optional<Answer> run(String person, Command command) {
        return switch (command) {
            case Command.Promote c when promotions.config().release(c.app()).isPresent() && c.breakGlass() != null ->
                    Optional.of(Answer.privately("Break-glass is for one app at a time: promote each app of release "
                            + c.app() + " with break-glass on its own."));
            case Command.Promote c when promotions.config().release(c.app()).isPresent() ->
                    Optional.of(requested(releases.promote(person, c.app(), c.reference(), c.stage())));
            case Command.Status c when promotions.config().release(c.app()).isPresent() ->
                    Optional.of(Answer.inChannel(status(c.app())));
            case Command.Approve c when isRelease(c.promotionId()) -> Optional.of(approved(releases.approve(person, c.promotionId())));
            case Command.Reject c when isRelease(c.promotionId()) -> Optional.of(rejected(releases.reject(person, c.promotionId(), c.reason())));
            case Command.Cancel c when isRelease(c.promotionId()) -> {
                releases.cancel(person, c.promotionId());
                yield Optional.of(Answer.privately("Release " + c.promotionId() + " is cancelled."));
            }
            case Command.Abort c when isRelease(c.promotionId()) -> Optional.of(aborted(releases.abort(person, c.promotionId(), c.reason())));
            default -> Optional.empty();
        };
    }

    /** A click on a release card's button; a confirmed Approve counts only for the person it was asked of. */
    Answer click(String person, ButtonToken button, String reason) {
        String releaseId = button.promotionId();
        return switch (button.action()) {
            case CONFIRM -> person.equals(button.person())
                    ? approved(releases.approve(person, releaseId))
                    : Answer.privately("This question was asked of " + button.person() + ", not of you: click Approve on the card yourself.");
            case APPROVE -> approved(releases.approve(person, releaseId));
            case REJECT -> rejected(releases.reject(person, releaseId, reason));
            case ABORT -> aborted(releases.abort(person, releaseId, null));
            case CONTINUE -> Answer.privately("Release " + releaseId + " is not waiting at a pause; there is nothing to continue.");
        };
    }

    /** Each app of the release as {@code status <app>} shows it, after the release's latest promotion. */
    private String status(String name) {
        var release = promotions.config().release(name).orElseThrow();
        StringBuilder sb = new StringBuilder("Release ").append(name).append(" (").append(String.join(", ", release.apps())).append("): ");
        releases.latest(name).ifPresentOrElse(r -> sb.append("last promoted to ").append(r.stage()).append(" by ").append(r.requestedBy())
                        .append(" (release ").append(r.id()).append("): ").append(r.status().words())
                        .append(r.statusReason() != null ? " (" + r.statusReason() + ")" : ""),
                () -> sb.append("never promoted as a release yet"));
        for (String app : release.apps()) {
            sb.append("\n").append(statusWording.status(promotions.status(app)));
        }
        return sb.toString();
    }

    private static Answer requested(ReleaseRequest r) {
        return Answer.privately("Release " + r.id() + " (" + r.name() + " to " + r.stage() + ") is "
                + (r.status() == PromotionStatus.PENDING_APPROVAL ? "waiting for approval" : "under way") + ".");
    }

    private Answer approved(ReleaseRequest r) {
        var members = releases.members(r);
        return Answer.privately("You approved release " + r.id() + " (" + String.join(", ", members.stream()
                .filter(m -> m.requiredApprovals() > 0).map(m -> m.app() + " " + m.approvals() + " of " + m.requiredApprovals()).toList())
                + ")" + (r.status() == PromotionStatus.PENDING_APPROVAL ? "." : "; it is starting."));
    }

    private static Answer rejected(ReleaseRequest r) {
        return Answer.privately("You rejected release " + r.id() + ".");
    }

    private static Answer aborted(ReleaseRequest r) {
        return Answer.privately("Release " + r.id() + " is being aborted: the app that runs stops now, and the apps already changed "
                + "are put back; the card says when.");
    }
}
