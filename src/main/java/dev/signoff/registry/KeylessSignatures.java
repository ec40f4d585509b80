package dev.signoff.registry;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;

/**
 * cosign's keyless signatures, checked offline: the layer's certificate ({@value #CERTIFICATE})
 * and its chain ({@value #CHAIN}) lead to the configured Fulcio root (or a certificate authority of
 * a trusted root) at the time the Rekor bundle says the signature was logged; the bundle is signed
 * by the configured Rekor key (or that trusted root's key of its log, valid then) and records this
 * signature, payload and certificate; the signature over the payload verifies with the
 * certificate's key and names the digest; and the certificate names one of the stage's identities.
 */
final class KeylessSignatures {
    static final String CERTIFICATE = "dev.sigstore.cosign/certificate";
    static final String CHAIN = "dev.sigstore.cosign/chain";

    /**
     * The configured identities and what checks them: the Fulcio root and Rekor key, or the trusted
     * roots in the order configured, read from their references.
     */
    record Trust(Gates.Keyless config, List<SigstoreTrust> roots) {
        Trust {
            roots = List.copyOf(roots);
        }

        Trust(Gates.Keyless config, SigstoreTrust root) {
            this(config, List.of(root));
        }

        /** Reads the references; the message says which cannot be used and why. */
        static Trust load(Gates.Keyless config, Map<String, String> env) {
            if (!config.trustedRoots().isEmpty()) {
                List<SigstoreTrust> roots = new ArrayList<>();
                for (String reference : config.trustedRoots()) {
                    try {
                        roots.add(TrustedRoot.parse(Keys.read(reference, env), reference));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("the trusted root " + reference + ": " + e.getMessage());
                    }
                }
                return new Trust(config, roots);
            }
            String text;
            try {
                text = Keys.read(config.fulcioRoot(), env);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the Fulcio root " + config.fulcioRoot() + ": " + e.getMessage());
            }
            List<X509Certificate> roots = FulcioCertificates.parse(text, "the Fulcio root " + config.fulcioRoot());
            try {
                return new Trust(config, new SigstoreTrust.Pems(roots, Keys.publicKey(config.rekorKey(), env)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the Rekor key " + config.rekorKey() + ": " + e.getMessage());
            }
        }

        /**
         * What {@code check} gives under the first root it passes under, each root checked whole on
         * its own: a certificate authority of one root never counts with a log or a TSA of another.
         * Otherwise an IllegalArgumentException: with one root, that root's reason; with several, a
         * sentence per root naming it and its reason (the last without a full stop, for the caller's).
         */
        <T> T underOneRoot(Function<SigstoreTrust, T> check) {
            List<String> refusals = new ArrayList<>();
            for (int i = 0; i < roots.size(); i++) {
                try {
                    return check.apply(roots.get(i));
                } catch (IllegalArgumentException e) {
                    if (roots.size() == 1) {
                        throw e;
                    }
                    refusals.add("Under the trusted root " + config.trustedRoots().get(i) + ": " + e.getMessage());
                }
            }
            throw new IllegalArgumentException("it verifies under none of the " + roots.size() + " trusted roots. " + String.join(". ", refusals));
        }
    }

    /** A signature layer's keyless parts: its annotations, "" where absent. */
    record Parts(String certificate, String chain, String bundle) {
    }

    /**
     * What the check found: the identity that signed and, for the card, who signed ({@code reason}
     * null), or why the signature does not count.
     */
    record Outcome(Gates.Identity identity, String signer, String reason) {
        static Outcome refused(String reason) {
            return new Outcome(null, null, reason);
        }
    }

    private KeylessSignatures() {
    }

    /** The signature's outcome under the first of the trust's roots it verifies under; otherwise why not (see {@link Trust#underOneRoot}). */
    static Outcome judge(Trust trust, Parts parts, byte[] payload, byte[] signature, Digest digest) {
        try {
            return trust.underOneRoot(root -> {
                Outcome outcome = judge(trust, root, parts, payload, signature, digest);
                if (outcome.reason() != null) {
                    throw new IllegalArgumentException(outcome.reason());
                }
                return outcome;
            });
        } catch (IllegalArgumentException e) {
            return Outcome.refused(e.getMessage());
        }
    }

    private static Outcome judge(Trust trust, SigstoreTrust root, Parts parts, byte[] payload, byte[] signature, Digest digest) {
        if (parts.certificate().isEmpty()) {
            return Outcome.refused("a signature has no certificate (" + CERTIFICATE + "): it is not a keyless signature");
        }
        if (parts.bundle().isEmpty()) {
            return Outcome.refused("a keyless signature has no Rekor bundle (" + RekorBundles.ANNOTATION + "): offline verification needs it");
        }
        X509Certificate leaf;
        List<X509Certificate> chain;
        RekorBundles.Logged logged;
        try {
            leaf = FulcioCertificates.parse(parts.certificate(), "the signature's certificate").getFirst();
            chain = parts.chain().isEmpty() ? List.of() : FulcioCertificates.parse(parts.chain(), "the signature's certificate chain");
            logged = RekorBundles.check(parts.bundle(), root, signature, payload, leaf);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(e.getMessage());
        }
        String chainProblem = root.chainProblem(leaf, chain, logged.integratedTime());
        if (chainProblem != null) {
            return Outcome.refused(chainProblem);
        }
        Keys.Verifier key = new Keys.Verifier("certificate", leaf.getPublicKey(), Keys.fingerprint(leaf.getPublicKey()));
        String problem = CosignSignatures.judge(key, payload, signature, digest);
        if (problem != null) {
            return Outcome.refused(problem.replace("this key", "the certificate's key"));
        }
        return identify(trust, leaf);
    }

    /**
     * The stage's first identity the certificate names (subject, then issuer); otherwise why none
     * matches. Who signed is the identity as configured, or, where it has a pattern, the
     * certificate's subject and issuer followed by the identity.
     */
    static Outcome identify(Trust trust, X509Certificate leaf) {
        List<String> subjects = FulcioCertificates.subjects(leaf);
        String issuer = FulcioCertificates.issuer(leaf);
        List<String> mismatches = new ArrayList<>();
        for (Gates.Identity identity : trust.config().identities()) {
            String subject = subjects.stream().filter(identity::isSubject).findFirst().orElse(null);
            if (subject == null) {
                mismatches.add("the certificate is for " + describe(subjects) + ", not " + identity.subjectText());
            } else if (!identity.isIssuer(issuer)) {
                mismatches.add("the certificate for " + subject + (issuer.isEmpty() ? " names no OIDC issuer, so not "
                        : " was issued on a token from " + issuer + ", not ") + identity.issuerText());
            } else {
                return new Outcome(identity, identity.hasPattern() ? subject + " via " + issuer + ", " + identity : identity.toString(), null);
            }
        }
        return Outcome.refused(String.join("; ", mismatches));
    }

    private static String describe(List<String> subjects) {
        return subjects.isEmpty() ? "no email or URI" : String.join(", ", subjects);
    }
}
