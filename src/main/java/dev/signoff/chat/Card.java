package dev.signoff.chat;

import java.util.List;

/**
 * A promotion card, neutral of any platform: each platform renders it its own way (Block Kit,
 * an embed with components, console JSON). The wording is decided once, in {@link CardWording}.
 */
public record Card(String title, Tone tone, String status, List<Field> fields, List<String> steps, List<Button> buttons,
                   String footer) {
    public Card {
        fields = List.copyOf(fields);
        steps = List.copyOf(steps);
        buttons = List.copyOf(buttons);
    }

    /** The colour of the card: waiting, running, done well, ended badly, or neither. */
    public enum Tone { PENDING, RUNNING, SUCCESS, FAILURE, NEUTRAL }

    public record Field(String label, String value) {
    }

    /** {@code token} is what a click carries back; {@code actionId} names the action (approve, reject). */
    public record Button(String actionId, String label, Style style, String token) {
    }

    public enum Style { PRIMARY, DANGER, DEFAULT }
}
