package dev.signoff.registry;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;

/**
 * The keyless checks of a Sigstore bundle ({@link SigstoreBundles}): what vouches for the time of
 * signing, the certificate's chain at that time, the signature with the certificate's key, and
 * the identity.
 * <p>
 * The time comes from a transparency log entry ({@link TlogEntries}: its SET's integrated time,
 * or a Rekor v1 entry's own) and from every RFC 3161 timestamp of the bundle
 * ({@link Rfc3161Timestamps}, which only a trusted root's timestamp authorities vouch for); a
 * Rekor v2 entry ({@link RekorV2Entries}) has no time, so its bundle needs a timestamp. With a
 * trusted root that lists no transparency log (GitHub's, for attestations of private
 * repositories), the timestamps alone vouch: at least one must verify, and log entries are not
 * read, as sigstore-go verifies with {@code WithSignedTimestamps(1)} and no log threshold. A
 * trusted root that lists logs, and the PEM trust, require a log entry.
 */
final class KeylessBundles {
    private KeylessBundles() {
    }

    /** The bundle verified under the first of the trust's roots it verifies under, each root on its own ({@link KeylessSignatures.Trust#underOneRoot}). */
    static SigstoreBundles.Verified verify(SigstoreBundles.Content content, JsonNode material, KeylessSignatures.Trust trust, Digest image) {
        return trust.underOneRoot(anchors -> verify(content, material, trust, anchors, image));
    }

    private static SigstoreBundles.Verified verify(SigstoreBundles.Content content, JsonNode material, KeylessSignatures.Trust trust, SigstoreTrust anchors,
            Digest image) {
        List<X509Certificate> certificates = new ArrayList<>();
        if (!material.path("certificate").isMissingNode()) {
            certificates.add(certificate(material.path("certificate").path("rawBytes").asString("")));
        }
        for (JsonNode certificate : material.path("x509CertificateChain").path("certificates")) {
            certificates.add(certificate(certificate.path("rawBytes").asString("")));
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(material.path("publicKey").isMissingNode() ? "the bundle has no certificate: it is not a keyless signature"
                    : "the bundle names a public key (hint '" + material.path("publicKey").path("hint").asString("") + "'), not a certificate: it is not a keyless signature");
        }
        X509Certificate leaf = certificates.getFirst();
        List<X509Certificate> chain = certificates.subList(1, certificates.size());
        Keys.Verifier key = new Keys.Verifier("the certificate", leaf.getPublicKey(), Keys.fingerprint(leaf.getPublicKey()));
        Signed signed = Signed.of(content);
        List<Rfc3161Timestamps.Stamp> timestamps = Rfc3161Timestamps.verify(material, signed.first(), anchors);
        JsonNode entries = material.path("tlogEntries");
        boolean hasEntry = entries.isArray() && !entries.isEmpty();
        String chainProblem = null;
        String timestampedBy = null;
        if (anchors instanceof TrustedRoot root && !root.listsLogs()) {
            if (timestamps.isEmpty()) {
                throw new IllegalArgumentException("the bundle has no RFC 3161 timestamp, and the trusted root " + root.reference()
                        + " lists no transparency log: its signature is vouched for by a timestamp of one of the root's timestamp authorities");
            }
            timestampedBy = timestamps.getFirst().by();
        } else {
            if (!hasEntry && anchors instanceof TrustedRoot root) {
                throw new IllegalArgumentException("the bundle has no transparency log entry, which the trusted root " + root.reference()
                        + " requires: it lists transparency logs (tlogs), so an RFC 3161 timestamp alone does not count");
            }
            TlogEntries.Logged logged = TlogEntries.verify(entries, anchors, timestamps.isEmpty() ? null : timestamps.getFirst().genTime());
            if (logged.isV2()) {
                RekorV2Entries.checkRecords(logged.body(), signed.payload(), signed.bytes(), signed.signatures(), leaf);
            } else if (content.envelope() != null) {
                TlogEntries.checkRecordsEnvelope(logged.body(), signed.payload(), signed.signatures(), leaf);
            } else {
                RekorBundles.checkEntry(logged.encodedBody(), content.signature(), content.message(), leaf);
            }
            chainProblem = logged.isV2() ? null : anchors.chainProblem(leaf, chain, logged.integratedTime());
        }
        for (int i = 0; i < timestamps.size() && chainProblem == null; i++) {
            chainProblem = timestampProblem(leaf, chain, timestamps.get(i).genTime(), anchors);
        }
        if (chainProblem != null) {
            throw new IllegalArgumentException(chainProblem);
        }
        DsseEnvelopes.Statement statement = null;
        if (content.envelope() != null) {
            statement = DsseEnvelopes.verify(content.envelope(), List.of(key), image).statement();
        } else if (!key.verifies(content.message(), content.signature())) {
            throw new IllegalArgumentException("the message signature was not made with the certificate's key");
        }
        KeylessSignatures.Outcome identity = KeylessSignatures.identify(trust, leaf);
        if (identity.reason() != null) {
            throw new IllegalArgumentException(identity.reason());
        }
        return new SigstoreBundles.Verified(statement, new SigstoreBundles.Signer(null, identity, timestampedBy));
    }

    /** What a keyless signature signs: the envelope's payload (null for a message signature), the bytes signed and the signatures. */
    record Signed(byte[] payload, byte[] bytes, List<byte[]> signatures) {
        static Signed of(SigstoreBundles.Content content) {
            if (content.envelope() == null) {
                return new Signed(null, content.message(), List.of(content.signature()));
            }
            JsonNode envelope = JsonMapper.shared().readTree(content.envelope());
            List<byte[]> signatures = new ArrayList<>();
            envelope.path("signatures").forEach(s -> signatures.add(decodeOrEmpty(s.path("sig").asString(""))));
            byte[] payload = decodeOrEmpty(envelope.path("payload").asString(""));
            return new Signed(payload, CosignAttestations.pae(envelope.path("payloadType").asString(""), payload), signatures);
        }

        /** The signature a timestamp is over: the first, as Sigstore's clients timestamp it. */
        byte[] first() {
            return signatures.isEmpty() ? new byte[0] : signatures.getFirst();
        }
    }

    /** Null when the certificate was valid and chained to a trusted authority at {@code genTime}, an RFC 3161 time; otherwise why not. */
    private static String timestampProblem(X509Certificate leaf, List<X509Certificate> chain, Instant genTime, SigstoreTrust trust) {
        if (leaf.getNotAfter().toInstant().isBefore(genTime) || leaf.getNotBefore().toInstant().isAfter(genTime)) {
            return "the certificate for " + String.join(", ", FulcioCertificates.subjects(leaf)) + " is valid from " + leaf.getNotBefore().toInstant()
                    + " until " + leaf.getNotAfter().toInstant() + ", not at " + genTime + " when an RFC 3161 timestamp says the signature was made";
        }
        return trust.chainProblem(leaf, chain, genTime);
    }

    private static X509Certificate certificate(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the bundle's certificate is not a DER X.509 certificate");
        }
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
