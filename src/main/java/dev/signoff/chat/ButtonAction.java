package dev.signoff.chat;

import dev.signoff.promotion.Refusal;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a card button does. {@link #id()} is the wire id: Slack's {@code action_id}, the console's
 * {@code actionId}, the {@code action} column of stored button tokens. Those ids are a contract
 * with cards already posted and with clients, so they never change.
 */
public enum ButtonAction {
    APPROVE("approve", "Approve", Card.Style.PRIMARY),
    REJECT("reject", "Reject", Card.Style.DANGER),
    CONTINUE("continue", "Continue", Card.Style.PRIMARY),
    ABORT("abort", "Abort", Card.Style.DANGER),
    /** The second click of an Approve that asks first (Discord's private question); never on a card. */
    CONFIRM("confirm", "Approve", Card.Style.PRIMARY);

    /** The answer to a click whose action id is none of these: a forged click, or a card from another version. */
    public static final String NOT_KNOWN = "This button is not one I know.";

    private final String id;
    private final String label;
    private final Card.Style style;

    ButtonAction(String id, String label, Card.Style style) {
        this.id = id;
        this.label = label;
        this.style = style;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Card.Style style() {
        return style;
    }

    /** Whether the click counts only with a reason, which each platform asks for before it sends the click. */
    public boolean needsReason() {
        return this == REJECT;
    }

    /** The action with this wire id, if there is one. */
    public static Optional<ButtonAction> fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    /** The action with this wire id; any other id is refused with {@link #NOT_KNOWN}. */
    public static ButtonAction parse(String id) {
        return fromId(id).orElseThrow(() -> new Refusal(NOT_KNOWN));
    }
}
