package dev.signoff.chat;

import dev.signoff.chat.spi.ButtonToken;
import dev.signoff.promotion.Person;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Refusal;
import dev.signoff.promotion.Releases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;

/**
 * The inbound side of every platform: a command typed or a button clicked by a platform user.
 * Answers are in plain words; problems the person can fix are answered privately, anything else
 * is logged with a reference and answered "something went wrong (ref …)". Cards are posted and
 * edited by {@link CardUpdater} as the promotion's events arrive.
 */
@Service
public class ChatService {
    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final Promotions promotions;
    private final ReleaseCommands releases;
    private final ButtonIssuer buttons;
    private final StatusWording statusWording;

    ChatService(Promotions promotions, Releases releases, ButtonIssuer buttons, StatusWording statusWording) {
        this.promotions = promotions;
        this.releases = new ReleaseCommands(releases, promotions, statusWording, buttons);
        this.buttons = buttons;
        this.statusWording = statusWording;
    }

    /** The person behind a platform user id, from the people in pipelines.yaml. */
    public Optional<Person> person(String platform, String userId) {
        return promotions.config().personByIdentity(platform, userId);
    }

    /** A {@code /signoff …} command typed by {@code userId} on {@code platform}. */
    public Answer command(String platform, String userId, String text) {
        Command command;
        try {
            command = CommandParser.parse(text);
        } catch (CommandParser.UsageError e) {
            return Answer.privately(e.getMessage());
        }
        if (command instanceof Command.Help help) {
            return Answer.privately(CommandParser.help(help.verb()));
        }
        return asPerson(platform, userId, person -> run(person, command));
    }

    /**
     * A click on a card button; {@code reason} accompanies an action that {@link ButtonAction#needsReason() needs one}.
     * What the click does is the stored token's action, whatever the platform says the button was.
     */
    public Answer click(String platform, String userId, String token, String reason) {
        Optional<ButtonToken> button;
        try {
            button = buttons.redeem(token);
        } catch (Refusal r) {
            return Answer.privately(r.getMessage());
        }
        if (button.isEmpty()) {
            return Answer.privately("This request has expired. Ask for the promotion again with /signoff promote.");
        }
        ButtonToken b = button.get();
        if (releases.isRelease(b.promotionId())) {
            return asPerson(platform, userId, person -> releases.click(person, b, reason));
        }
        return asPerson(platform, userId, person -> switch (b.action()) {
            case APPROVE -> approved(promotions.approve(person, b.promotionId(), b.digest()), person);
            case REJECT -> rejected(promotions.reject(person, b.promotionId(), reason, b.digest()));
            case CONTINUE -> {
                promotions.resume(person, b.promotionId(), true);
                yield Answer.privately("Promotion " + b.promotionId() + " goes on.");
            }
            case ABORT -> aborted(promotions.abort(person, b.promotionId(), null));
            case CONFIRM -> person.equals(b.person())
                    ? approved(promotions.approve(person, b.promotionId(), b.digest()), person)
                    : Answer.privately("This question was asked of " + b.person() + ", not of you: click Approve on the card yourself.");
        });
    }

    /**
     * The question to ask before a click counts, for a platform that asks it itself (Discord): for an
     * Approve on a waiting card whose stage wants approvals confirmed, the wording and a token for
     * the second click, which approves the same digest and counts only for the person asked. Empty
     * for any other click, and for an Approve whose vote would be refused (not an approver, the
     * requester where self-approval is off, already voted): that click goes ahead as it is and is
     * refused at once with the vote's own sentence, instead of after a question.
     */
    public Optional<ConfirmationPrompt> confirmation(String platform, String userId, String token) {
        Optional<ButtonToken> button;
        try {
            button = buttons.redeem(token).filter(b -> b.action() == ButtonAction.APPROVE);
        } catch (Refusal notKnown) {
            return Optional.empty();
        }
        Optional<Person> person = person(platform, userId);
        if (button.isEmpty() || person.isEmpty()) {
            return Optional.empty();
        }
        String name = person.get().name();
        if (releases.isRelease(button.get().promotionId())) {
            return releases.confirmation(button.get().promotionId(), name);
        }
        return promotions.find(button.get().promotionId())
                .filter(p -> p.status() == PromotionStatus.PENDING_APPROVAL && p.digest().equals(button.get().digest()))
                .filter(p -> CardWording.asksToConfirm(p, promotions.config()))
                .filter(p -> promotions.approvalRefusal(name, p.id(), p.digest()).isEmpty())
                .map(p -> new ConfirmationPrompt(CardWording.confirmation(p), buttons.confirmFor(p, name)));
    }

    /** Whether {@code token} is the go-ahead of a question asked first, whose click answers that question. */
    public boolean answersQuestion(String token) {
        try {
            return buttons.redeem(token).map(ButtonToken::action).filter(action -> action == ButtonAction.CONFIRM).isPresent();
        } catch (Refusal notKnown) {
            return false;
        }
    }

    /**
     * Whether the button behind {@code token} needs a reason before it counts, so a platform that
     * knows the button only by its token can ask for one first (Discord opens a form). False for
     * an unknown or expired token, or one whose action is not known: its click is answered like any other.
     */
    public boolean asksForReason(String token) {
        try {
            return buttons.redeem(token).map(ButtonToken::action).filter(ButtonAction::needsReason).isPresent();
        } catch (Refusal notKnown) {
            return false;
        }
    }

    private Answer run(String person, Command command) {
        return releases.run(person, command).orElseGet(() -> switch (command) {
            case Command.Promote c -> requested(promotions.promote(person, c.app(), c.reference(), c.stage(), c.breakGlass()));
            case Command.Rollback c -> requested(promotions.rollback(person, c.app(), c.stage(), c.digest()));
            case Command.Sunset c -> requested(promotions.sunset(person, c.app(), c.stage()));
            case Command.Approve c -> approved(promotions.approve(person, c.promotionId(), null), person);
            case Command.Reject c -> rejected(promotions.reject(person, c.promotionId(), c.reason(), null));
            case Command.Cancel c -> {
                promotions.cancel(person, c.promotionId());
                yield Answer.privately("Promotion " + c.promotionId() + " is cancelled.");
            }
            case Command.Abort c -> aborted(promotions.abort(person, c.promotionId(), c.reason()));
            case Command.Status c -> Answer.inChannel(statusWording.status(promotions.status(c.app())));
            case Command.History c -> Answer.inChannel(statusWording.history(c.app(), c.stage(),
                    promotions.history(c.app(), c.stage(), 10)));
            case Command.Lock c -> {
                var lock = promotions.lock(person, c.app(), c.stage(), c.reason());
                yield Answer.inChannel("🔒 " + c.app() + " " + c.stage() + " is locked by " + lock.holder()
                        + (lock.reason() != null ? ": " + lock.reason() : "") + ". No promotion starts there until it is unlocked.");
            }
            case Command.Unlock c -> promotions.unlock(person, c.app(), c.stage())
                    ? Answer.inChannel("🔓 " + c.app() + " " + c.stage() + " is unlocked by " + person + ".")
                    : Answer.privately(c.app() + " " + c.stage() + " was not locked.");
            case Command.Help c -> Answer.privately(CommandParser.help(c.verb()));
        });
    }

    private static Answer requested(PromotionRequest p) {
        return Answer.privately("Promotion " + p.id() + " is " + (p.requiredApprovals() == 0 ? "under way"
                : "waiting for " + p.requiredApprovals() + " approval" + (p.requiredApprovals() == 1 ? "" : "s")) + ".");
    }

    private static Answer approved(PromotionRequest p, String person) {
        return Answer.privately("You approved promotion " + p.id() + " (" + p.approvals() + " of " + p.requiredApprovals() + ")"
                + (p.status().isTerminal() || p.approvals() < p.requiredApprovals() ? "." : "; it is starting."));
    }

    private static Answer aborted(PromotionRequest p) {
        return Answer.privately(p.status().isTerminal() ? "Promotion " + p.id() + " is aborted; it had not started."
                : "Promotion " + p.id() + " is being aborted: it stops now, and what it changed is put back; the card says when.");
    }

    private static Answer rejected(PromotionRequest p) {
        return Answer.privately("You rejected promotion " + p.id() + ".");
    }

    private Answer asPerson(String platform, String userId, java.util.function.Function<String, Answer> work) {
        Optional<Person> person = person(platform, userId);
        if (person.isEmpty()) {
            return Answer.privately("I don't know who you are on " + platform + " (user id " + userId
                    + "). Ask whoever runs Signoff to add you under people: in pipelines.yaml.");
        }
        try {
            return work.apply(person.get().name());
        } catch (Refusal r) {
            return Answer.privately(r.getMessage());
        } catch (RuntimeException e) {
            return Answer.unexpected(log, "command from " + person.get().name() + " on " + platform, e);
        }
    }

    /** The app channels on a platform, then the releases' channels, in config order. */
    public List<String> channels(String platform) {
        return java.util.stream.Stream.concat(promotions.config().apps().values().stream().map(a -> a.channels().get(platform)),
                        promotions.config().releases().values().stream().map(r -> r.channels().get(platform)))
                .filter(java.util.Objects::nonNull).distinct().toList();
    }

    /** The people who have an identity on a platform: name → their user id there, by name. */
    public java.util.SortedMap<String, String> people(String platform) {
        java.util.SortedMap<String, String> people = new java.util.TreeMap<>();
        promotions.config().people().values().stream().filter(p -> p.identities().containsKey(platform))
                .forEach(p -> people.put(p.name(), p.identities().get(platform)));
        return people;
    }
}
