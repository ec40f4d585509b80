package dev.signoff.promotion;

import java.util.Objects;

/**
 * Whether a person may vote on a stage's promotions, found out before the vote reaches the
 * aggregate (finding out may ask a chat platform who is in a group, which the aggregate does not
 * do): yes, no, or not known because a group could not be read, with the sentence that says so.
 */
public record Eligibility(boolean isApprover, String unknownBecause) {
    public static final Eligibility APPROVER = new Eligibility(true, null);
    public static final Eligibility NOT_APPROVER = new Eligibility(false, null);

    public Eligibility {
        if (isApprover && unknownBecause != null) {
            throw new IllegalArgumentException("an approver is known to be one; there is no unknown reason");
        }
    }

    /** Not known: {@code sentence} tells the person why, in words they can act on. */
    public static Eligibility unknown(String sentence) {
        return new Eligibility(false, Objects.requireNonNull(sentence));
    }

    /** The refusal for someone who may not vote: why it is not known, or else {@code notAnApprover}. */
    public Refusal refusal(String notAnApprover) {
        if (isApprover) {
            throw new IllegalStateException("an approver is not refused for being one");
        }
        return new Refusal(unknownBecause != null ? unknownBecause : notAnApprover);
    }
}
