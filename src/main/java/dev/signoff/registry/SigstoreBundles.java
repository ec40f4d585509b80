package dev.signoff.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;

/**
 * Sigstore bundles attached to an image as OCI 1.1 referrers, as cosign 3 (and {@code cosign sign
 * --new-bundle-format}, and GitHub's artifact attestations) write them: a referrer of the digest
 * whose artifact type, or a layer's media type, is {@value #V03} (or {@value #V02}, or v0.1). The
 * bundle JSON holds the {@code verificationMaterial} ({@code publicKey.hint}, or
 * {@code certificate.rawBytes} or {@code x509CertificateChain}, and {@code tlogEntries}) and either
 * a {@code dsseEnvelope} (an in-toto statement) or a {@code messageSignature}
 * ({@code messageDigest} and {@code signature}, as {@code cosign sign-blob} writes over a file).
 * <p>
 * A bundle counts when its envelope verifies with one of the stage's keys (as {@link DsseEnvelopes}
 * checks it: an in-toto statement about this digest), or keyless: a transparency log entry is
 * vouched for by the Rekor key or the trusted root ({@link TlogEntries}) and records this envelope and
 * certificate; the certificate chains to the Fulcio root (or an authority of the trusted root) and
 * was valid when the entry was logged; the envelope
 * verifies with the certificate's key; and the certificate names one of the identities. A message
 * signature counts only over the image's own manifest bytes. Each refusal is a sentence of its own.
 * <p>
 * The time the certificate must have been valid at comes from the entry (its SET's integrated
 * time, or a Rekor v1 entry's own) and from every RFC 3161 timestamp of the bundle
 * ({@link Rfc3161Timestamps}, which only a trusted root's timestamp authorities vouch for); a
 * Rekor v2 entry ({@link RekorV2Entries}) has no time, so its bundle needs a timestamp. A
 * key-signed bundle needs no time; its timestamps are checked when the stage has a trusted root.
 */
final class SigstoreBundles {
    static final String V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
    static final String V02 = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    private static final String PREFIX = "application/vnd.dev.sigstore.bundle";
    /** A bundle with a SLSA provenance is tens of KB; anything far larger is not one to read into memory. */
    private static final int MAX_BUNDLE = 8 << 20;
    private static final JsonMapper JSON = JsonMapper.shared();

    private SigstoreBundles() {
    }

    /** A bundle layer and the referrer it was found in. */
    record Found(Descriptor layer, Digest referrer) {
        String label() {
            return "Bundle " + layer.digest().shortForm() + " (referrer " + referrer.shortForm() + ")";
        }
    }

    /** Who made a verified bundle: one of the stage's keys, or, keyless, the certificate's identity. */
    record Signer(Keys.Verifier key, KeylessSignatures.Outcome keyless) {
        /** "key sha256:1a2b3c4d5e6f7a8b" or "keyless: release@acme.example via https://accounts.google.com". */
        String describe() {
            return key != null ? "key " + key.fingerprint() : "keyless: " + keyless.signer();
        }
    }

    /** A verified bundle: the statement its envelope carries (null for a message signature) and who signed it. */
    record Verified(DsseEnvelopes.Statement statement, Signer signer) {
    }

    static boolean isBundle(String mediaType) {
        return mediaType != null && mediaType.startsWith(PREFIX);
    }

    /** The bundle layers among the referrers of {@code digest} (the referrers API, else the referrers tag schema). */
    static List<Found> find(Store store, Digest digest) {
        List<Found> found = new ArrayList<>();
        for (JsonNode descriptor : Attachments.referrers(store, digest).listed()) {
            String type = descriptor.path("artifactType").asString("");
            if (!type.isEmpty() && !isBundle(type)) {
                continue; // an SBOM, a Notation signature, a DSSE attestation: not a bundle
            }
            Digest referrer = Digest.parse(descriptor.path("digest").asString(""));
            Manifest manifest = store.manifest(referrer.toString());
            try {
                for (JsonNode layer : JSON.readTree(manifest.bytes()).path("layers")) {
                    String mediaType = layer.path("mediaType").asString("");
                    if (isBundle(mediaType)) {
                        found.add(new Found(new Descriptor(Digest.parse(layer.path("digest").asString("")), layer.path("size").asLong(-1), mediaType), referrer));
                    }
                }
            } catch (JacksonException e) {
                throw new IllegalArgumentException("the referrer " + referrer.shortForm() + " is not JSON", e);
            }
        }
        return found;
    }

    /** The bundle's bytes, checked against the digest its manifest lists for them. */
    static byte[] read(Store store, Descriptor layer) {
        Store.Opened opened = store.openBlob(layer);
        byte[] bytes;
        try (InputStream in = opened.in()) {
            bytes = in.readNBytes(MAX_BUNDLE + 1);
        } catch (IOException e) {
            throw store.failure("reading Sigstore bundle " + layer.digest().shortForm() + ": " + e, true, e);
        }
        if (bytes.length > MAX_BUNDLE) {
            throw new IllegalArgumentException("it is larger than 8 MB, more than a Sigstore bundle Signoff reads");
        }
        Digest actual = Manifest.digestOf(bytes, layer.digest().algorithm());
        if (!actual.equals(layer.digest())) {
            throw new IllegalArgumentException("the bundle was changed after it was attached: its bytes have digest " + actual.shortForm()
                    + ", not the " + layer.digest().shortForm() + " its manifest lists");
        }
        return bytes;
    }

    /**
     * What the bundle states and who signed it, once it verifies with one of {@code keys} or,
     * with {@code trust} (null: no keyless), keyless; otherwise an IllegalArgumentException saying
     * why not. {@code manifest} gives the image's manifest bytes, read only for a message signature.
     */
    static Verified verify(byte[] bytes, List<Keys.Verifier> keys, KeylessSignatures.Trust trust, Digest image, Supplier<byte[]> manifest) {
        JsonNode bundle;
        try {
            bundle = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the bundle is not JSON");
        }
        String mediaType = bundle.path("mediaType").asString("");
        if (!isBundle(mediaType)) {
            throw new IllegalArgumentException("it is not a Sigstore bundle (mediaType '" + mediaType + "')");
        }
        JsonNode message = bundle.path("messageSignature");
        if (bundle.path("dsseEnvelope").isMissingNode() && message.isMissingNode()) {
            throw new IllegalArgumentException("the bundle has neither a dsseEnvelope nor a messageSignature");
        }
        Content content = message.isMissingNode() ? new Content(JSON.writeValueAsBytes(bundle.path("dsseEnvelope")), null, null)
                : messageContent(message, image, manifest);
        List<String> why = new ArrayList<>();
        JsonNode material = bundle.path("verificationMaterial");
        if (!keys.isEmpty()) {
            try {
                Verified verified = byKey(content, keys, image);
                if (trust != null && trust.anchors() instanceof TrustedRoot root) {
                    Rfc3161Timestamps.verify(material, Signed.of(content).first(), root);
                }
                return verified;
            } catch (IllegalArgumentException e) {
                why.add(e.getMessage());
            }
        }
        if (trust != null) {
            try {
                return keyless(content, material, trust, image);
            } catch (IllegalArgumentException e) {
                why.add(e.getMessage());
            }
        } else if (!material.path("certificate").isMissingNode() || !material.path("x509CertificateChain").isMissingNode()) {
            why.add("it is signed keyless (with a certificate), and the stage has no usable identities");
        }
        throw new IllegalArgumentException(String.join("; ", why));
    }

    /** The envelope's JSON, or a message signature's signature and the image manifest it signs. */
    private record Content(byte[] envelope, byte[] signature, byte[] message) {
    }

    private static Content messageContent(JsonNode message, Digest image, Supplier<byte[]> manifest) {
        JsonNode digest = message.path("messageDigest");
        byte[] signed = decode(digest.path("digest").asString(""), "the message signature's digest");
        String hex = HexFormat.of().formatHex(signed);
        if (!"SHA2_256".equals(digest.path("algorithm").asString("")) || !hex.equals(image.hex())) {
            throw new IllegalArgumentException("it is a message signature (as cosign sign-blob writes for a file) of a blob with digest "
                    + digest.path("algorithm").asString("").toLowerCase(java.util.Locale.ROOT).replace("sha2_", "sha") + ":"
                    + (hex.length() > 12 ? hex.substring(0, 12) : hex) + ", not of this image; cosign signs an image with a DSSE statement of type "
                    + Attachments.COSIGN_SIGN_PREDICATE);
        }
        byte[] bytes = manifest.get();
        if (!Digest.sha256Of(bytes).equals(image)) {
            throw new IllegalArgumentException("the image's manifest as the registry serves it does not have the digest " + image.shortForm());
        }
        return new Content(null, decode(message.path("signature").asString(""), "the message signature"), bytes);
    }

    private static Verified byKey(Content content, List<Keys.Verifier> keys, Digest image) {
        if (content.envelope() != null) {
            DsseEnvelopes.Verified verified = DsseEnvelopes.verify(content.envelope(), keys, image);
            return new Verified(verified.statement(), new Signer(verified.signer(), null));
        }
        for (Keys.Verifier key : keys) {
            if (key.verifies(content.message(), content.signature())) {
                return new Verified(null, new Signer(key, null));
            }
        }
        throw new IllegalArgumentException("the message signature was not made with " + String.join(" or ", keys.stream().map(Keys.Verifier::describe).toList()));
    }

    private static Verified keyless(Content content, JsonNode material, KeylessSignatures.Trust trust, Digest image) {
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
        Keys.Verifier key = new Keys.Verifier("the certificate", leaf.getPublicKey(), Keys.fingerprint(leaf.getPublicKey()));
        DsseEnvelopes.Statement statement = null;
        Signed signed = Signed.of(content);
        List<Instant> timestamps = Rfc3161Timestamps.verify(material, signed.first(), trust.anchors());
        TlogEntries.Logged logged = TlogEntries.verify(material.path("tlogEntries"), trust.anchors(), timestamps.isEmpty() ? null : timestamps.getFirst());
        if (logged.isV2()) {
            RekorV2Entries.checkRecords(logged.body(), signed.payload(), signed.bytes(), signed.signatures(), leaf);
        } else if (content.envelope() != null) {
            TlogEntries.checkRecordsEnvelope(logged.body(), signed.payload(), signed.signatures(), leaf);
        } else {
            RekorBundles.checkEntry(logged.encodedBody(), content.signature(), content.message(), leaf);
        }
        String chainProblem = logged.isV2() ? null : trust.anchors().chainProblem(leaf, certificates.subList(1, certificates.size()), logged.integratedTime());
        for (int i = 0; i < timestamps.size() && chainProblem == null; i++) {
            chainProblem = timestampProblem(leaf, certificates.subList(1, certificates.size()), timestamps.get(i), trust.anchors());
        }
        if (chainProblem != null) {
            throw new IllegalArgumentException(chainProblem);
        }
        if (content.envelope() != null) {
            statement = DsseEnvelopes.verify(content.envelope(), List.of(key), image).statement();
        } else if (!key.verifies(content.message(), content.signature())) {
            throw new IllegalArgumentException("the message signature was not made with the certificate's key");
        }
        KeylessSignatures.Outcome identity = KeylessSignatures.identify(trust, leaf);
        if (identity.reason() != null) {
            throw new IllegalArgumentException(identity.reason());
        }
        return new Verified(statement, new Signer(null, identity));
    }

    /** What a keyless signature signs: the envelope's payload (null for a message signature), the bytes signed and the signatures. */
    private record Signed(byte[] payload, byte[] bytes, List<byte[]> signatures) {
        static Signed of(Content content) {
            if (content.envelope() == null) {
                return new Signed(null, content.message(), List.of(content.signature()));
            }
            JsonNode envelope = JSON.readTree(content.envelope());
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

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
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
