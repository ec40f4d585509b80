package dev.signoff.promotion;

/**
 * A problem the person asking can fix or understand (unknown app, not an approver, stage
 * locked, frozen, expired…). Chat adapters answer it privately in these words; nothing changed.
 */
public class Refusal extends RuntimeException {
    public Refusal(String message) {
        super(message, null, false, false);
    }
}
