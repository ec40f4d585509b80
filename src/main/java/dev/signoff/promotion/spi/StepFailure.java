package dev.signoff.promotion.spi;

/**
 * A step could not be carried out. The message is for people and names what failed where
 * ("registry sandbox (localhost:5000), repository shop: connection refused"); {@code retryable}
 * says whether trying again later can help.
 */
public class StepFailure extends RuntimeException {
    private final boolean retryable;

    public StepFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public StepFailure(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
