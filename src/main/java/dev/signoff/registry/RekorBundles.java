package dev.signoff.registry;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Rekor bundle cosign puts beside a keyless signature (annotation {@value #ANNOTATION}):
 * {@code {SignedEntryTimestamp, Payload: {body, integratedTime, logIndex, logID}}}. The
 * SignedEntryTimestamp is the Rekor key's signature over the canonical JSON of {@code Payload}
 * (keys sorted, no whitespace; RFC 8785), and the body, base64 JSON of a {@code hashedrekord}
 * entry (or a {@code rekord} one, as cosign wrote before 2022, with the same fields), names the
 * signature, the sha256 of the payload and the certificate. Checked offline.
 */
final class RekorBundles {
    static final String ANNOTATION = "dev.sigstore.cosign/bundle";

    private RekorBundles() {
    }

    /** A bundle whose SET verified and whose entry is for this signature: the time the signature was logged. */
    record Logged(Instant integratedTime, long logIndex) {
    }

    /**
     * Checks the bundle against the key of its log (by its hex {@code logID}) and the signature it should record: the
     * {@code signature} over {@code payload} made with {@code certificate}'s key. The message of
     * the exception says, in a sentence, why it does not hold.
     */
    static Logged check(String bundle, SigstoreTrust trust, byte[] signature, byte[] payload, X509Certificate certificate) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(bundle);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the Rekor bundle is not JSON");
        }
        JsonNode entry = root.path("Payload");
        String body = entry.path("body").asString("");
        JsonNode time = entry.path("integratedTime");
        JsonNode index = entry.path("logIndex");
        String logId = entry.path("logID").asString("");
        if (body.isEmpty() || !time.isIntegralNumber() || !index.isIntegralNumber() || logId.isEmpty()) {
            throw new IllegalArgumentException("the Rekor bundle has no Payload with body, integratedTime, logIndex and logID");
        }
        byte[] set;
        try {
            set = Base64.getDecoder().decode(root.path("SignedEntryTimestamp").asString(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Rekor bundle's SignedEntryTimestamp is not base64");
        }
        Keys.Verifier rekor = trust.logKey(logId.length() % 2 == 0 && logId.chars().allMatch(HexFormat::isHexDigit)
                ? HexFormat.of().parseHex(logId) : new byte[0], Instant.ofEpochSecond(time.asLong()));
        if (!rekor.verifies(canonical(body, time.asLong(), logId, index.asLong()), set)) {
            throw new IllegalArgumentException("the Rekor bundle was not signed by the Rekor key " + rekor.fingerprint() + " (" + rekor.reference() + ")");
        }
        checkEntry(body, signature, payload, certificate);
        return new Logged(Instant.ofEpochSecond(time.asLong()), index.asLong());
    }

    /** The bytes Rekor signs: {@code Payload} as RFC 8785 canonical JSON (its four keys in order, integers as written). */
    static byte[] canonical(String body, long integratedTime, String logId, long logIndex) {
        JsonMapper json = JsonMapper.shared();
        return ("{\"body\":" + json.writeValueAsString(body) + ",\"integratedTime\":" + integratedTime + ",\"logID\":"
                + json.writeValueAsString(logId) + ",\"logIndex\":" + logIndex + "}").getBytes(StandardCharsets.UTF_8);
    }

    static void checkEntry(String body, byte[] signature, byte[] payload, X509Certificate certificate) {
        JsonNode entry;
        try {
            entry = JsonMapper.shared().readTree(Base64.getDecoder().decode(body));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the Rekor bundle's body is not a base64 JSON entry");
        }
        if (!List.of("hashedrekord", "rekord").contains(entry.path("kind").asString(""))) {
            throw new IllegalArgumentException("the Rekor bundle records a '" + entry.path("kind").asString("") + "' entry, not a hashedrekord one");
        }
        JsonNode spec = entry.path("spec");
        byte[] logged = decode(spec.path("signature").path("content").asString(""));
        if (!Arrays.equals(logged, signature)) {
            throw new IllegalArgumentException("the Rekor bundle records another signature, not this one");
        }
        JsonNode hash = spec.path("data").path("hash");
        String sha256 = HexFormat.of().formatHex(Manifest.newHasher("sha256").digest(payload));
        if (!"sha256".equals(hash.path("algorithm").asString("")) || !sha256.equals(hash.path("value").asString(""))) {
            throw new IllegalArgumentException("the Rekor bundle records a signature of another payload (" + hash.path("algorithm").asString("")
                    + ":" + abbreviate(hash.path("value").asString("")) + "), not of this one (sha256:" + abbreviate(sha256) + ")");
        }
        byte[] key = decode(spec.path("signature").path("publicKey").path("content").asString(""));
        List<X509Certificate> recorded;
        try {
            recorded = FulcioCertificates.parse(new String(key, StandardCharsets.UTF_8), "the Rekor entry's public key");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the Rekor bundle records another signer: its public key is not a certificate");
        }
        if (!recorded.getFirst().equals(certificate)) {
            throw new IllegalArgumentException("the Rekor bundle records another certificate, not the one beside the signature");
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static String abbreviate(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
