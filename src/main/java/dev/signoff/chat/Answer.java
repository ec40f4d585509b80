package dev.signoff.chat;

/** What the bot answers the person who typed a command or clicked: privately, or in the channel. */
public record Answer(String text, boolean isPrivate) {
    public static Answer privately(String text) {
        return new Answer(text, true);
    }

    public static Answer inChannel(String text) {
        return new Answer(text, false);
    }
}
