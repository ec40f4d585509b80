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

    /**
     * A label and its value; {@code url}, when not null, is where the value links to, always an
     * absolute http or https URL. Each platform makes it safe for its own markup.
     */
    public record Field(String label, String value, String url) {
        public Field {
            if (url != null && !isWebUrl(url)) {
                throw new IllegalArgumentException("a card field links only to an http or https URL, not '" + url + "'");
            }
        }

        public Field(String label, String value) {
            this(label, value, null);
        }

        private static boolean isWebUrl(String url) {
            String lower = url.toLowerCase(java.util.Locale.ROOT);
            return lower.startsWith("https://") || lower.startsWith("http://");
        }
    }

    /**
     * {@code token} is what a click carries back. Label and style are the action's own unless a
     * caller says otherwise. {@code confirm}, when not null, is asked before the click counts.
     */
    public record Button(ButtonAction action, String label, Style style, String token, Confirmation confirm) {
        public Button(ButtonAction action, String label, Style style, String token) {
            this(action, label, style, token, null);
        }

        public Button(ButtonAction action, String token) {
            this(action, action.label(), action.style(), token);
        }

        public Button(ButtonAction action, String token, Confirmation confirm) {
            this(action, action.label(), action.style(), token, confirm);
        }
    }

    /**
     * The question a button asks before its click counts: a title, the question itself, and the
     * labels of the buttons that go ahead and that cancel.
     */
    public record Confirmation(String title, String question, String confirm, String deny) {
    }

    public enum Style { PRIMARY, DANGER, DEFAULT }
}
