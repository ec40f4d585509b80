package dev.signoff.promotion;

import java.time.Duration;
import java.util.List;

/**
 * Evidence required before a promotion card is posted: a successful CI build of the digest
 * ({@code ci: passed}), a minimum time the digest has run in the previous stage ({@code soak}),
 * and a cosign signature of the digest that verifies with one of the {@code signature} keys
 * (references {@code file:/path} or {@code env:VAR} to PEM public keys; empty: no signature gate).
 */
public record Gates(boolean ciPassed, Duration soak, List<String> signatureKeys) {
    public Gates {
        signatureKeys = signatureKeys == null ? List.of() : List.copyOf(signatureKeys);
    }

    public Gates(boolean ciPassed, Duration soak) {
        this(ciPassed, soak, List.of());
    }

    public static Gates none() {
        return new Gates(false, null);
    }

    public boolean requiresSignature() {
        return !signatureKeys.isEmpty();
    }
}
