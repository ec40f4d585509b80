package dev.signoff.chat;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseRequest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a release's one card says: each app with its digest and its plan ("shop sha256:… : copy →
 * deploy → verify"), the approvals each app's policy has, and, once it runs, each app's steps. The
 * same card on every platform; the buttons act on the whole release.
 */
public final class ReleaseWording {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ReleaseWording() {
    }

    /** {@code members} in running order, {@code undos} the promotions that put members back; {@code tokens} null: no buttons. */
    public static Card card(ReleaseRequest r, List<PromotionRequest> members, List<PromotionRequest> undos, PipelineConfig config,
                            Map<ButtonAction, String> tokens) {
        List<Card.Field> fields = new ArrayList<>();
        fields.add(new Card.Field("Release", r.name() + " → " + r.stage()));
        fields.add(new Card.Field("Requested by", r.requestedBy()));
        for (PromotionRequest m : members) {
            String steps = config.stage(m.app(), m.toStage()).map(s -> String.join(" → ", s.steps(m.kind()))).orElse("?");
            fields.add(new Card.Field(m.app(), m.digest().shortForm() + " : " + steps
                    + (m.plan() != null ? " · " + CardWording.plan(m.plan()) : "")));
        }
        List<String> approvals = members.stream().filter(m -> m.requiredApprovals() > 0)
                .map(m -> m.app() + " " + m.approvals() + " of " + m.requiredApprovals()).toList();
        if (!approvals.isEmpty()) {
            fields.add(new Card.Field("Approvals", String.join(", ", approvals) + voters(members)));
        }
        if (r.status() == PromotionStatus.PENDING_APPROVAL) {
            members.stream().map(PromotionRequest::expiresAt).filter(Objects::nonNull).min(Instant::compareTo)
                    .ifPresent(expires -> fields.add(new Card.Field("Expires", TIME.format(expires))));
        }
        List<String> steps = new ArrayList<>();
        members.forEach(m -> m.steps().forEach(s -> steps.add(m.app() + ": " + CardWording.step(s))));
        undos.forEach(u -> u.steps().forEach(s -> steps.add(u.app() + " (put back): " + CardWording.step(s))));
        Card.Confirmation confirm = asksToConfirm(members, config) ? confirmation(r, members) : null;
        List<Card.Button> buttons = tokens == null ? List.of()
                : actions(r).stream().map(action -> new Card.Button(action, tokens.get(action),
                        action == ButtonAction.APPROVE ? confirm : null)).toList();
        return new Card("Release " + r.name() + " to " + r.stage(), CardWording.tone(r.status()), status(r, members), fields, steps,
                buttons, "release " + r.id() + " · " + String.join(", ", members.stream().map(PromotionRequest::app).toList()));
    }

    /** Whether a click on Approve asks first: when any member's stage wants its approvals confirmed. */
    static boolean asksToConfirm(List<PromotionRequest> members, PipelineConfig config) {
        return members.stream().anyMatch(m -> CardWording.asksToConfirm(m, config));
    }

    /** "Approve release storefront (shop sha256:…, cart sha256:…) to prod?" */
    static Card.Confirmation confirmation(ReleaseRequest r, List<PromotionRequest> members) {
        String apps = String.join(", ", members.stream().map(m -> m.app() + " " + m.digest().shortForm()).toList());
        return new Card.Confirmation("Confirm your approval", "Approve release " + r.name() + " (" + apps + ") to " + r.stage() + "?",
                "Approve", "Cancel");
    }

    /** Approve and Reject while the release waits, Abort while it is approved or runs, else none. */
    static List<ButtonAction> actions(ReleaseRequest r) {
        return switch (r.status()) {
            case PENDING_APPROVAL -> List.of(ButtonAction.APPROVE, ButtonAction.REJECT);
            case APPROVED, RUNNING -> List.of(ButtonAction.ABORT);
            default -> List.of();
        };
    }

    static String status(ReleaseRequest r, List<PromotionRequest> members) {
        String reason = r.statusReason();
        return switch (r.status()) {
            case PENDING_APPROVAL -> "Waiting for approval of " + String.join(", ", members.stream()
                    .filter(m -> m.status() == PromotionStatus.PENDING_APPROVAL).map(PromotionRequest::app).toList());
            case APPROVED -> "Approved; starting";
            case RUNNING -> members.stream().filter(m -> m.status().isRunning()).findFirst()
                    .map(m -> "Running " + m.app() + ": " + CardWording.status(m)).orElse("Running");
            case SUCCEEDED -> "Done: " + reason;
            case REJECTED -> "Rejected: " + reason;
            case EXPIRED -> "Expired: " + reason;
            case CANCELLED -> "Cancelled: " + reason;
            case ABORTED -> "Aborted: " + reason;
            case FAILED -> "Failed: " + reason;
            case ROLLED_BACK -> "Rolled back: " + reason;
        };
    }

    private static String voters(List<PromotionRequest> members) {
        List<String> voters = members.stream().flatMap(m -> m.approvers().stream()).distinct().toList();
        return voters.isEmpty() ? "" : " (" + String.join(", ", voters) + ")";
    }
}
