package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
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
 * checks it: an in-toto statement about this digest), or keyless ({@link KeylessBundles}): a
 * transparency log entry vouched for by the Rekor key or the trusted root, or, with a trusted root
 * that lists no log, an RFC 3161 timestamp, gives the time the certificate must have been valid
 * and chain to the Fulcio root (or an authority of the trusted root) at; the envelope verifies with
 * the certificate's key; and the certificate names one of the identities. A message signature
 * counts only over the image's own manifest bytes. Each refusal is a sentence of its own. A
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

    /**
     * Who made a verified bundle: one of the stage's keys, or, keyless, the certificate's identity;
     * {@code timestampedBy} names the TSA when a timestamp alone vouched for it (else null).
     */
    record Signer(Keys.Verifier key, KeylessSignatures.Outcome keyless, String timestampedBy) {
        /**
         * "key sha256:1a2b3c4d5e6f7a8b", "keyless: release@acme.example via https://accounts.google.com",
         * or "keyless: … via https://token.actions.githubusercontent.com, timestamped by TSA Timestamping".
         */
        String describe() {
            if (key != null) {
                return "key " + key.fingerprint();
            }
            return "keyless: " + keyless.signer() + (timestampedBy == null ? "" : ", timestamped by " + timestampedBy);
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
                if (trust != null) {
                    byte[] signature = KeylessBundles.Signed.of(content).first();
                    trust.underOneRoot(root -> root instanceof TrustedRoot ? Rfc3161Timestamps.verify(material, signature, root) : List.of());
                }
                return verified;
            } catch (IllegalArgumentException e) {
                why.add(e.getMessage());
            }
        }
        if (trust != null) {
            try {
                return KeylessBundles.verify(content, material, trust, image);
            } catch (IllegalArgumentException e) {
                why.add(e.getMessage());
            }
        } else if (!material.path("certificate").isMissingNode() || !material.path("x509CertificateChain").isMissingNode()) {
            why.add("it is signed keyless (with a certificate), and the stage has no usable identities");
        }
        throw new IllegalArgumentException(String.join("; ", why));
    }

    /** The envelope's JSON, or a message signature's signature and the image manifest it signs. */
    record Content(byte[] envelope, byte[] signature, byte[] message) {
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
            return new Verified(verified.statement(), new Signer(verified.signer(), null, null));
        }
        for (Keys.Verifier key : keys) {
            if (key.verifies(content.message(), content.signature())) {
                return new Verified(null, new Signer(key, null, null));
            }
        }
        throw new IllegalArgumentException("the message signature was not made with " + String.join(" or ", keys.stream().map(Keys.Verifier::describe).toList()));
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64");
        }
    }
}
