package dev.signoff.chat;

import dev.signoff.promotion.Durations;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.PullRequestLink;
import dev.signoff.promotion.Step;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** All card wording: what a promotion's card says in each state. Platforms only lay it out. */
public final class CardWording {
    /** The answer to a confirmation that was cancelled: nothing was counted. */
    public static final String NOT_APPROVED = "Not approved.";
    /** What marks a promotion through a freeze, before its title or its reason, wherever it shows. */
    static final String BREAK_GLASS = "BREAK-GLASS: ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private CardWording() {
    }

    /**
     * The card for {@code p}, with a button for each of {@link #actions}, carrying its token from
     * {@code tokens} (null: no buttons). The commit links to the app's forge when {@code config}
     * gives the app a commit URL.
     */
    public static Card card(PromotionRequest p, PipelineConfig config, Map<ButtonAction, String> tokens) {
        List<Card.Field> fields = new ArrayList<>();
        p.breakGlass().ifPresent(glass -> fields.add(new Card.Field("Break-glass",
                glass.reason() + " (through the freeze " + glass.freeze() + ")")));
        fields.add(new Card.Field("App", p.app()));
        fields.add(new Card.Field(p.kind() == PromotionKind.PROMOTE ? "From → to" : "Stage",
                p.kind() == PromotionKind.PROMOTE ? (p.fromStage() != null ? p.fromStage() : p.source().toString()) + " → " + p.toStage() : p.toStage()));
        fields.add(new Card.Field("Image", p.source().isPinned() ? p.target().toString() : p.source() + " → " + p.target()));
        fields.add(new Card.Field("Digest", p.digest().shortForm()));
        if (p.commit() != null) {
            fields.add(new Card.Field("Commit", p.commit().length() > 12 ? p.commit().substring(0, 12) : p.commit(),
                    config.app(p.app()).flatMap(app -> app.commitLink(p.commit())).orElse(null)));
        }
        fields.add(new Card.Field("Requested by", p.requestedBy()));
        p.steps().stream().map(s -> PullRequestLink.in(s.detail())).flatMap(java.util.Optional::stream).distinct()
                .forEach(link -> fields.add(new Card.Field(link.noun().equals("merge request") ? "Merge request" : "Pull request",
                        link.reference(), link.url())));
        if (p.plan() != null) {
            fields.add(new Card.Field("Plan", plan(p.plan())));
        }
        if (p.status() == PromotionStatus.PENDING_APPROVAL) {
            config.stage(p.app(), p.toStage()).ifPresent(stage ->
                    fields.add(new Card.Field("Steps", String.join(" → ", stage.steps(p.kind())))));
        }
        if (p.requiredApprovals() > 0) {
            fields.add(new Card.Field("Approvals", p.approvals() + " of " + p.requiredApprovals()
                    + (p.approvers().isEmpty() ? "" : " (" + String.join(", ", p.approvers()) + ")")));
        }
        if (p.expiresAt() != null && p.status() == PromotionStatus.PENDING_APPROVAL) {
            fields.add(new Card.Field("Expires", TIME.format(p.expiresAt())));
        }
        List<String> steps = p.steps().stream().map(CardWording::step).toList();
        Card.Confirmation confirm = asksToConfirm(p, config) ? confirmation(p) : null;
        List<Card.Button> buttons = tokens == null ? List.of()
                : actions(p).stream().map(action -> new Card.Button(action, tokens.get(action),
                        action == ButtonAction.APPROVE ? confirm : null)).toList();
        return new Card(title(p), tone(p.status()), status(p), fields, steps, buttons,
                "promotion " + p.id() + " · " + p.digest());
    }

    /**
     * The buttons the card offers: Approve and Reject while the promotion waits, Continue and Abort
     * at a pause, Abort while it runs, else none.
     */
    static List<ButtonAction> actions(PromotionRequest p) {
        return p.status() == PromotionStatus.PENDING_APPROVAL ? List.of(ButtonAction.APPROVE, ButtonAction.REJECT)
                : p.isPaused() ? List.of(ButtonAction.CONTINUE, ButtonAction.ABORT)
                : p.status().isRunning() ? List.of(ButtonAction.ABORT)
                : List.of();
    }

    /** Whether a click on Approve asks first: the stage's {@code approval.confirm}. */
    static boolean asksToConfirm(PromotionRequest p, PipelineConfig config) {
        return config.stage(p.app(), p.toStage()).map(stage -> stage.approvalFor(p).confirm()).orElse(false);
    }

    /** What a click on Approve asks when the stage wants it confirmed, on every platform. */
    public static Card.Confirmation confirmation(PromotionRequest p) {
        return new Card.Confirmation("Confirm your approval", question(p), "Approve", "Cancel");
    }

    /** "Approve promotion of shop sha256:3e1f2a4b5c6d to prod?" */
    static String question(PromotionRequest p) {
        return switch (p.kind()) {
            case PROMOTE -> "Approve promotion of " + p.app() + " " + p.digest().shortForm() + " to " + p.toStage() + "?";
            case ROLLBACK -> "Approve rollback of " + p.app() + " in " + p.toStage() + " to " + p.digest().shortForm() + "?";
            case SUNSET -> "Approve sunset of " + p.app() + " in " + p.toStage() + "?";
        };
    }

    static String title(PromotionRequest p) {
        return (p.isBreakGlass() ? BREAK_GLASS : "") + switch (p.kind()) {
            case PROMOTE -> "Promote " + p.app() + " to " + p.toStage();
            case ROLLBACK -> "Roll back " + p.app() + " in " + p.toStage();
            case SUNSET -> "Sunset " + p.app() + " in " + p.toStage();
        };
    }

    static String status(PromotionRequest p) {
        String reason = p.statusReason();
        return switch (p.status()) {
            case PENDING_APPROVAL -> "Waiting for " + (p.requiredApprovals() - p.approvals()) + " more approval"
                    + (p.requiredApprovals() - p.approvals() == 1 ? "" : "s");
            case APPROVED -> "Approved" + (p.approvers().isEmpty() ? " (no approval needed)" : " by " + String.join(", ", p.approvers()))
                    + "; starting";
            case RUNNING -> p.isPaused() ? "Paused" : p.runningStep()
                    .map(s -> "Running: " + s.name() + (s.detail() != null ? " (" + s.detail() + ")" : ""))
                    .orElse("Running");
            case SUCCEEDED -> "Done" + (reason != null ? ": " + reason : "");
            case REJECTED -> "Rejected by " + p.rejection().map(v -> v.person()).orElse("?") + ": " + reason;
            case EXPIRED -> "Expired: " + reason;
            case CANCELLED -> "Cancelled: " + reason;
            case ABORTED -> "Aborted: " + reason;
            case FAILED -> "Failed: " + reason;
            case ROLLED_BACK -> "Rolled back: " + reason;
        };
    }

    static Card.Tone tone(PromotionStatus status) {
        return switch (status) {
            case PENDING_APPROVAL -> Card.Tone.PENDING;
            case APPROVED, RUNNING -> Card.Tone.RUNNING;
            case SUCCEEDED -> Card.Tone.SUCCESS;
            case REJECTED, FAILED, ROLLED_BACK -> Card.Tone.FAILURE;
            case EXPIRED, CANCELLED, ABORTED -> Card.Tone.NEUTRAL;
        };
    }

    static String plan(Plan plan) {
        List<String> parts = new ArrayList<>();
        parts.add((plan.current() != null ? shortImage(plan.current()) : "nothing") + " → " + (plan.next() != null ? shortImage(plan.next()) : "nothing"));
        if (plan.replicas() != null) {
            parts.add(plan.replicas() + (plan.replicas() == 1 ? " replica" : " replicas"));
        }
        if (plan.strategy() != null) {
            parts.add(plan.strategy());
        }
        if (plan.note() != null) {
            parts.add(plan.note());
        }
        return String.join(" · ", parts);
    }

    /** "enterprise/shop@sha256:3e1f2a4b5c6d" — images with the digest cut to 12 hex digits. */
    static String shortImage(String image) {
        int at = image.indexOf("@sha256:");
        return at < 0 || image.length() < at + 8 + 12 ? image : image.substring(0, at + 8 + 12);
    }

    static String step(Step s) {
        return mark(s.state()) + " " + s.name() + (s.detail() != null ? " — " + s.detail() : "");
    }

    /** The thread line that calls a new card's approvers: "Approval needed from bob, erin." */
    public static Mention.Line approvalNeeded(List<Mention> who) {
        return new Mention.Line("Approval needed from ", who, ".");
    }

    /** The reminder, once half a card's time has passed: "Still waiting for your approval: bob, expires in 12h". */
    public static Mention.Line stillWaiting(List<Mention> who, java.time.Duration left) {
        java.time.Duration shown = left.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return new Mention.Line("Still waiting for your approval: ", who,
                ", expires in " + (shown.isZero() ? "less than a minute" : Durations.format(shown)));
    }

    /** One line for a thread under the card when a step ends. */
    public static String stepLine(String step, Step.State state, String detail) {
        return mark(state) + " " + step + (detail != null ? ": " + detail : "");
    }

    private static String mark(Step.State state) {
        return switch (state) {
            case RUNNING -> "…";
            case DONE -> "✓";
            case FAILED -> "✗";
        };
    }
}
