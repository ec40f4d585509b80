package dev.signoff.promotion;

import java.time.Duration;
import java.util.List;

/**
 * Evidence required before a promotion card is posted: a successful CI build of the digest
 * ({@code ci: passed}), a minimum time the digest has run in the previous stage ({@code soak}),
 * and a cosign signature of the digest that verifies with one of the {@code signature} keys
 * (references {@code file:/path} or {@code env:VAR} to PEM public keys) or, keyless, with a
 * Fulcio certificate for one of the {@code identities} (null: no keyless signatures). No keys and
 * no identities: no signature gate.
 */
public record Gates(boolean ciPassed, Duration soak, List<String> signatureKeys, Keyless keyless) {
    public Gates {
        signatureKeys = signatureKeys == null ? List.of() : List.copyOf(signatureKeys);
    }

    public Gates(boolean ciPassed, Duration soak, List<String> signatureKeys) {
        this(ciPassed, soak, signatureKeys, null);
    }

    public Gates(boolean ciPassed, Duration soak) {
        this(ciPassed, soak, List.of());
    }

    public static Gates none() {
        return new Gates(false, null);
    }

    public boolean requiresSignature() {
        return !signatureKeys.isEmpty() || keyless != null;
    }

    /**
     * Keyless signatures: who may have signed ({@code identities}), the Fulcio root their
     * certificates chain to and the Rekor key that signs the bundles, both as references
     * ({@code file:/path} or {@code env:VAR}) to PEM.
     */
    public record Keyless(List<Identity> identities, String fulcioRoot, String rekorKey) {
        public Keyless {
            identities = List.copyOf(identities);
        }
    }

    /** A signer's OIDC {@code issuer} and {@code subject} (an email or a URI), as Fulcio writes them into the certificate. */
    public record Identity(String issuer, String subject) {
        @Override
        public String toString() {
            return subject + " via " + issuer;
        }
    }
}
