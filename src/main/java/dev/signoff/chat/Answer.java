package dev.signoff.chat;

/** What the bot answers the person who typed a command or clicked: privately, or in the channel. */
public record Answer(String text, boolean isPrivate) {
    public static Answer privately(String text) {
        return new Answer(text, true);
    }

    public static Answer inChannel(String text) {
        return new Answer(text, false);
    }

    /**
     * An error nobody can fix by asking differently: logged with {@code what} failed, the
     * exception and a reference, and answered privately with the same reference.
     */
    public static Answer unexpected(org.slf4j.Logger log, String what, RuntimeException e) {
        String ref = dev.signoff.promotion.Ids.errorReference();
        log.error("{} failed (ref {})", what, ref, e);
        return privately("Something went wrong (ref " + ref + ").");
    }
}
