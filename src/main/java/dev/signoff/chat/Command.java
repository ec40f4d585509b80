package dev.signoff.chat;

/** One parsed {@code /signoff} command; {@link CommandParser} makes them. */
public sealed interface Command {
    /** {@code breakGlass}, when not null, is the reason for a promotion through a freeze. */
    record Promote(String app, String reference, String stage, String breakGlass) implements Command {
        public Promote(String app, String reference, String stage) {
            this(app, reference, stage, null);
        }
    }
    record Approve(String promotionId) implements Command { }
    record Reject(String promotionId, String reason) implements Command { }
    record Cancel(String promotionId) implements Command { }
    record Abort(String promotionId, String reason) implements Command { }
    record Status(String app) implements Command { }
    record History(String app, String stage) implements Command { }
    record Rollback(String app, String stage, String digest) implements Command { }
    record Lock(String app, String stage, String reason) implements Command { }
    record Unlock(String app, String stage) implements Command { }
    record Sunset(String app, String stage) implements Command { }
    record Help(String verb) implements Command { }
}
