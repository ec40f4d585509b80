package dev.signoff.registry;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What keyless checks trust: the keys of the transparency logs whose entries count, and the
 * certificate authorities a signing certificate must chain to. Either the configured Fulcio root
 * and Rekor key ({@link Pems}) or a Sigstore trusted root ({@link TrustedRoot}), where each log
 * and authority is trusted only for the time its {@code validFor} gives.
 */
interface SigstoreTrust {
    /**
     * The key that vouches for an entry of the log {@code logId} (the sha256 of the log's key, as
     * Rekor writes it) logged at {@code integratedTime}; an IllegalArgumentException whose message
     * names the log and why none counts.
     */
    Keys.Verifier logKey(byte[] logId, Instant integratedTime);

    /** Who vouches for log entries, for a sentence: "the Rekor key sha256:… (file:…)". */
    String logs();

    /**
     * Null when {@code leaf}, with the intermediates of {@code chain} (from the signature; may be
     * empty), was valid at {@code at} and chains to a trusted authority valid then; otherwise why not.
     */
    String chainProblem(X509Certificate leaf, List<X509Certificate> chain, Instant at);

    /**
     * How a log signs its checkpoints, for an entry of the log {@code logId} at {@code at}: the key,
     * the key id whose first four bytes a checkpoint signature begins with, and the origin its
     * checkpoints name (null: not known); an IllegalArgumentException as for {@link #logKey}.
     */
    Checkpoints checkpoints(byte[] logId, Instant at);

    /** The authorities whose RFC 3161 timestamps count; an IllegalArgumentException when this trust names none. */
    List<Rfc3161Timestamps.Authority> timestampAuthorities();

    /** A log's checkpoint signer: its key, the key id of its signatures and the origin of its checkpoints (null: unknown). */
    record Checkpoints(Keys.Verifier key, byte[] keyId, String origin) {
    }

    /** A Fulcio root (with any intermediates) and one Rekor key, trusted for every log id and at any time. */
    record Pems(List<X509Certificate> roots, Keys.Verifier rekor) implements SigstoreTrust {
        @Override
        public Keys.Verifier logKey(byte[] logId, Instant integratedTime) {
            return rekor;
        }

        @Override
        public String logs() {
            return "the Rekor key " + rekor.fingerprint() + " (" + rekor.reference() + ")";
        }

        @Override
        public String chainProblem(X509Certificate leaf, List<X509Certificate> chain, Instant at) {
            return FulcioCertificates.chainProblem(leaf, chain, roots, at);
        }

        @Override
        public Checkpoints checkpoints(byte[] logId, Instant at) {
            return new Checkpoints(rekor, Manifest.newHasher("sha256").digest(rekor.key().getEncoded()), null);
        }

        @Override
        public List<Rfc3161Timestamps.Authority> timestampAuthorities() {
            throw new IllegalArgumentException("the bundle's RFC 3161 timestamps cannot be checked with fulcioRoot and rekor, which name no timestamp"
                    + " authority: configure a trusted root (trustedRoot) with timestampAuthorities");
        }
    }
}
