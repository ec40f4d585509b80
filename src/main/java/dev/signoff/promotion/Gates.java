package dev.signoff.promotion;

import java.time.Duration;

/**
 * Evidence required before a promotion card is posted: a successful CI build of the digest
 * ({@code ci: passed}) and a minimum time the digest has run in the previous stage ({@code soak}).
 */
public record Gates(boolean ciPassed, Duration soak) {
    public static Gates none() {
        return new Gates(false, null);
    }
}
