package dev.signoff.chat;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Someone a line calls by name: a person or a whole group, with what names them on the platform
 * the line goes to ({@code id}: a Slack member or user group id, a Discord user or role id; null
 * where they have none there, and the platform writes the name plainly).
 */
public record Mention(String name, boolean group, String id) {

    /**
     * A line that calls people: {@code before}, the mentions separated by ", ", then {@code after}.
     * Each platform writes the mentions its own way, so that they notify.
     */
    public record Line(String before, List<Mention> who, String after) {
        public Line {
            who = List.copyOf(who);
        }

        /** The line with every name written plainly, as the console shows it. */
        public String plain() {
            return before + who.stream().map(Mention::name).collect(Collectors.joining(", ")) + after;
        }
    }
}
