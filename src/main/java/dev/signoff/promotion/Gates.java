package dev.signoff.promotion;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
     * or {@code env:VAR} to PEM public keys) or, in a Sigstore bundle, keyless by one of the
     * {@code keyless} identities (null: none), whose predicate has each of the {@code predicate}
     * fields (top-level, string values) with the value given here.
     */
    public record Attestation(String predicateType, List<String> keys, Map<String, String> predicate, Keyless keyless) {
        public Attestation {
            keys = List.copyOf(keys);
            predicate = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(predicate));
        }

        public Attestation(String predicateType, List<String> keys, Map<String, String> predicate) {
            this(predicateType, keys, predicate, null);
        }
    }

    /**
     * Keyless signatures: who may have signed ({@code identities}) and what checks them offline,
     * as references ({@code file:/path} or {@code env:VAR}): either the Fulcio root their
     * certificates chain to and the Rekor key that signs the log entries (both PEM), or one or more
     * Sigstore trusted roots ({@code trusted_root.json}, e.g. GitHub's and the public-good one),
     * each holding certificate authorities, transparency logs' keys and timestamp authorities with
     * the time each is valid for; a signature counts when it verifies fully under one of them.
     * Exactly one of the two forms is given; the other's references are null, or no trusted roots.
     */
    public record Keyless(List<Identity> identities, String fulcioRoot, String rekorKey, List<String> trustedRoots) {
        public Keyless {
            identities = List.copyOf(identities);
            trustedRoots = trustedRoots == null ? List.of() : List.copyOf(trustedRoots);
            boolean pems = fulcioRoot != null && rekorKey != null;
            if (!trustedRoots.isEmpty() ? fulcioRoot != null || rekorKey != null : !pems) {
                throw new IllegalArgumentException("keyless trust is one or more trusted roots, or a Fulcio root and a Rekor key, not both or neither");
            }
        }

        public Keyless(List<Identity> identities, String fulcioRoot, String rekorKey) {
            this(identities, fulcioRoot, rekorKey, List.of());
        }

        /** Keyless trust from one Sigstore trusted root. */
        public static Keyless fromTrustedRoot(List<Identity> identities, String trustedRoot) {
            return fromTrustedRoots(identities, List.of(trustedRoot));
        }

        /** Keyless trust from Sigstore trusted roots, in the order they are tried. */
        public static Keyless fromTrustedRoots(List<Identity> identities, List<String> trustedRoots) {
            return new Keyless(identities, null, null, trustedRoots);
        }
    }

    /**
     * A signer's OIDC issuer and subject (an email or a URI), as Fulcio writes them into the
     * certificate: each given exactly ({@code issuer}, {@code subject}) or as a Java regular
     * expression the whole value must match ({@code issuerRegExp}, {@code subjectRegExp}, like
     * cosign's {@code --certificate-identity-regexp}). Exactly one of each pair is given; a regular
     * expression that does not compile is refused here (a PatternSyntaxException).
     */
    public record Identity(String issuer, String subject, String issuerRegExp, String subjectRegExp) {
        public Identity {
            if ((issuer == null) == (issuerRegExp == null) || (subject == null) == (subjectRegExp == null)) {
                throw new IllegalArgumentException("an identity has exactly one of issuer and issuerRegExp, and one of subject and subjectRegExp");
            }
            if (issuerRegExp != null) {
                Pattern.compile(issuerRegExp);
            }
            if (subjectRegExp != null) {
                Pattern.compile(subjectRegExp);
            }
        }

        public Identity(String issuer, String subject) {
            this(issuer, subject, null, null);
        }

        public boolean isSubject(String candidate) {
            return subject != null ? subject.equals(candidate) : Pattern.compile(subjectRegExp).matcher(candidate).matches();
        }

        public boolean isIssuer(String candidate) {
            return issuer != null ? issuer.equals(candidate) : Pattern.compile(issuerRegExp).matcher(candidate).matches();
        }

        public boolean hasPattern() {
            return issuerRegExp != null || subjectRegExp != null;
        }

        /** "release@acme.example", or "a match of subjectRegExp '…'". */
        public String subjectText() {
            return subject != null ? subject : "a match of subjectRegExp '" + subjectRegExp + "'";
        }

        /** "https://accounts.google.com", or "a match of issuerRegExp '…'". */
        public String issuerText() {
            return issuer != null ? issuer : "a match of issuerRegExp '" + issuerRegExp + "'";
        }

        @Override
        public String toString() {
            return subjectText() + " via " + issuerText();
        }
    }
}
