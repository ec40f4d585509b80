package dev.signoff.promotion;

import java.time.Instant;

/** One person's decision on one promotion, bound to the digest they saw on the card. */
public record Vote(String person, Decision decision, Digest digest, String reason, Instant castAt) {
    public enum Decision { APPROVE, REJECT }

    public boolean approves() {
        return decision == Decision.APPROVE;
    }
}
