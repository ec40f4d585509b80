package dev.signoff.promotion;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence required before a promotion card is posted: a successful CI build of the digest
 * ({@code ci: passed}), a minimum time the digest has run in the previous stage ({@code soak}),
 * and a cosign signature of the digest that verifies with one of the {@code signature} keys
 * (references {@code file:/path} or {@code env:VAR} to PEM public keys) or, keyless, with a
 * Fulcio certificate for one of the {@code identities} (null: no keyless signatures). No keys and
 * no identities: no signature gate. An in-toto attestation of the digest, signed with one of the
 * {@code attestation} keys, of its predicate type and with its predicate fields (null: no
 * attestation gate).
 */
public record Gates(boolean ciPassed, Duration soak, List<String> signatureKeys, Keyless keyless, Attestation attestation) {
    public Gates {
        signatureKeys = signatureKeys == null ? List.of() : List.copyOf(signatureKeys);
    }

    public Gates(boolean ciPassed, Duration soak, List<String> signatureKeys, Keyless keyless) {
        this(ciPassed, soak, signatureKeys, keyless, null);
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

    public boolean requiresAttestation() {
        return attestation != null;
    }

    /**
     * The attestation gate: an in-toto statement about the digest whose {@code predicateType} is this
     * one (a URI), in a DSSE envelope signed with one of the {@code keys} (references {@code file:/path}
     * or {@code env:VAR} to PEM public keys), whose predicate has each of the {@code predicate} fields
     * (top-level, string values) with the value given here.
     */
    public record Attestation(String predicateType, List<String> keys, Map<String, String> predicate) {
        public Attestation {
            keys = List.copyOf(keys);
            predicate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(predicate));
        }
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
