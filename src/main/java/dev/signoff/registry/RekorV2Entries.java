package dev.signoff.registry;

import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The bodies of Rekor v2 entries (apiVersion {@value #VERSION}, as sigstore's rekor-tiles writes
 * them from the protobuf-specs messages, in protobuf JSON: bytes base64, field names camelCase),
 * and whether one records a bundle's signature. A {@code dsse} entry
 * ({@code spec.dsseV002}) names the SHA2_256 {@code payloadHash} of the envelope's payload and
 * {@code signatures[]} ({@code content} and {@code verifier}); a {@code hashedrekord} entry
 * ({@code spec.hashedRekordV002}) names the SHA2_256 {@code data.digest} of what was signed (a
 * message signature's message, or the DSSE pre-authentication encoding of an envelope) and one
 * {@code signature}. A keyless signature's verifier is its {@code x509Certificate} ({@code rawBytes}:
 * DER); a {@code publicKey} verifier names no certificate, so it records no keyless signature.
 */
final class RekorV2Entries {
    static final String VERSION = "0.0.2";

    private RekorV2Entries() {
    }

    /**
     * Whether {@code body} is a Rekor v2 entry: a {@code hashedrekord} or {@code dsse} one of
     * version 0.0.2 (Rekor v1 wrote those kinds as 0.0.1 only; its {@code intoto} 0.0.2 is v1's).
     */
    static boolean isV2(JsonNode body) {
        return VERSION.equals(body.path("apiVersion").asString("")) && List.of("hashedrekord", "dsse").contains(body.path("kind").asString(""));
    }

    /**
     * Checks that {@code body} records one of {@code signatures} over {@code signed} (for a
     * hashedrekord entry) or over {@code payload} (for a dsse one) made with
     * {@code certificate}; the message of the exception says what it records instead.
     */
    static void checkRecords(JsonNode body, byte[] payload, byte[] signed, List<byte[]> signatures, X509Certificate certificate) {
        String kind = body.path("kind").asString("");
        JsonNode spec;
        byte[] hashed;
        JsonNode digest;
        List<JsonNode> recorded = new ArrayList<>();
        if (kind.equals("dsse") && payload != null) {
            spec = body.path("spec").path("dsseV002");
            hashed = payload;
            digest = spec.path("payloadHash");
            spec.path("signatures").forEach(recorded::add);
        } else if (kind.equals("hashedrekord")) {
            spec = body.path("spec").path("hashedRekordV002");
            hashed = signed;
            digest = spec.path("data");
            recorded.add(spec.path("signature"));
        } else {
            throw new IllegalArgumentException("the Rekor v2 entry is a '" + kind + "' entry, not a hashedrekord" + (payload != null ? " or dsse" : "")
                    + " one for this signature");
        }
        byte[] sha256 = Manifest.newHasher("sha256").digest(hashed);
        if (!"SHA2_256".equals(digest.path("algorithm").asString("")) || !MessageDigest.isEqual(sha256, decode(digest.path("digest").asString("")))) {
            throw new IllegalArgumentException("the Rekor v2 " + kind + " entry records the " + digest.path("algorithm").asString("?")
                    + " digest of other " + (kind.equals("dsse") ? "payload" : "signed") + " bytes, not of this bundle's");
        }
        for (JsonNode signature : recorded) {
            byte[] content = decode(signature.path("content").asString(""));
            if (signatures.stream().anyMatch(s -> MessageDigest.isEqual(s, content)) && names(signature.path("verifier"), certificate)) {
                return;
            }
        }
        throw new IllegalArgumentException("the Rekor v2 " + kind + " entry records another signature or certificate, not this bundle's");
    }

    private static boolean names(JsonNode verifier, X509Certificate certificate) {
        try {
            return MessageDigest.isEqual(decode(verifier.path("x509Certificate").path("rawBytes").asString("")), certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
