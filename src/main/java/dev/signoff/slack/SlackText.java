package dev.signoff.slack;

import dev.signoff.chat.Mention;
import dev.signoff.chat.Urls;

/**
 * Slack's text rules: {@code &}, {@code <} and {@code >} are control characters in message text
 * (a {@code <app>} in a usage line would become a broken link), and every field has a length
 * limit; text past it is cut and ends in "…" rather than being refused by the API.
 */
final class SlackText {
    /** Block Kit limits, from Slack's reference (characters). */
    static final int HEADER = 150;
    static final int SECTION = 3000;
    static final int FIELD = 2000;
    static final int CONTEXT = 2000;
    static final int BUTTON = 75;
    /** A confirmation dialog's title, its text, and each of its two buttons. */
    static final int CONFIRM_TITLE = 100;
    static final int CONFIRM_TEXT = 300;
    static final int CONFIRM_BUTTON = 30;
    static final int MESSAGE = 4000;
    static final int BLOCKS = 50;
    static final int FIELDS_PER_SECTION = 10;

    private SlackText() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * A mrkdwn link that shows {@code text}. In the URL, {@code &} becomes {@code &amp;} (Slack reads
     * it back), and {@code <}, {@code >}, {@code |}, white space, control and non-ASCII characters are
     * percent-encoded, so nothing in the URL can end the link or start its text.
     */
    static String link(String url, String text) {
        String target = Urls.percentEncode(url, "<>|").replace("&", "&amp;");
        return "<" + target + "|" + escape(text) + ">";
    }

    /** At most {@code max} characters; a longer text keeps {@code max - 1} and gets "…", never splitting a surrogate pair. */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        // do not leave half an entity (&amp; &lt; &gt;) before the "…"
        int amp = text.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 4 && text.indexOf(';', amp) >= end) {
            end = amp;
        }
        return text.substring(0, end) + "…";
    }

    /**
     * A line that calls people, in Slack's mention syntax: {@code <@U…>} for a person with a Slack
     * identity, {@code <!subteam^S…>} for a group linked to a Slack user group, the name (escaped)
     * for anyone else. Never cut inside a mention: mentions that do not fit are left out.
     */
    static String mentions(Mention.Line line) {
        StringBuilder text = new StringBuilder(escape(line.before()));
        String after = escape(line.after());
        for (int i = 0; i < line.who().size(); i++) {
            Mention m = line.who().get(i);
            String one = (i == 0 ? "" : ", ") + (m.id() == null ? escape(m.name()) : m.group() ? "<!subteam^" + m.id() + ">" : "<@" + m.id() + ">");
            if (text.length() + one.length() + after.length() > MESSAGE) {
                break;
            }
            text.append(one);
        }
        return text.append(after).toString();
    }

    /** Escaped for mrkdwn and cut to {@code max}. */
    static String mrkdwn(String text, int max) {
        return cut(escape(text), max);
    }
}
