package dev.signoff.registry;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;

/**
 * Sigstore bundles (v0.3, as cosign 3 writes them) made by the tests with JDK crypto: a DSSE
 * envelope over an in-toto statement or a message signature; verification material with a public
 * key hint or a certificate; Rekor v1 entries ({@code dsse} or {@code hashedrekord}) with an
 * inclusion promise (the SET) and/or an inclusion proof in a small RFC 6962 tree with a signed
 * checkpoint; Rekor v2 entries ({@code dsse} or {@code hashedrekord} 0.0.2) with an inclusion proof
 * only; RFC 3161 timestamps beside them; and the OCI 1.1 referrer cosign pushes for a bundle.
 */
final class Bundles {
    static final String SIGN = "https://sigstore.dev/cosign/sign/v1";
    static final String ORIGIN = "rekor.example.com - 42";
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private Bundles() {
    }

    /** A cosign 3 signature statement (in-toto v1, predicate type sign/v1) about {@code image}. */
    static byte[] signStatement(Digest image) {
        return Cosign.statement(DsseEnvelopes.STATEMENT_V1, image, SIGN, "{}");
    }

    static byte[] envelope(byte[] statement, PrivateKey key) {
        return Cosign.envelope(CosignAttestations.IN_TOTO, statement, key);
    }

    /** A bundle signed with a key: the envelope and the key's hint, no log entry (as {@code cosign sign --key --tlog-upload=false}). */
    static byte[] withKey(byte[] envelope, PublicKey key) {
        return bundle("{\"publicKey\":{\"hint\":\"" + B64.encodeToString(sha256(key.getEncoded())) + "\"},\"tlogEntries\":[]}",
                "\"dsseEnvelope\":" + new String(envelope, StandardCharsets.UTF_8));
    }

    /** A keyless bundle: the envelope, the certificate and the log entries (JSON). */
    static byte[] keyless(byte[] envelope, X509Certificate certificate, String... entries) {
        return bundle(material(certificate, entries), "\"dsseEnvelope\":" + new String(envelope, StandardCharsets.UTF_8));
    }

    /** {@code bundle} with RFC 3161 timestamps ({@link Timestamps#data}) beside its log entries. */
    static byte[] withTimestamps(byte[] bundle, String timestamps) {
        var root = (tools.jackson.databind.node.ObjectNode) JsonMapper.shared().readTree(bundle);
        ((tools.jackson.databind.node.ObjectNode) root.path("verificationMaterial")).set("timestampVerificationData", JsonMapper.shared().readTree(timestamps));
        return JsonMapper.shared().writeValueAsBytes(root);
    }

    /** A keyless bundle as v0.2 wrote it: the media type with its version parameter, and the certificate with its chain. */
    static byte[] keylessV02(byte[] envelope, List<X509Certificate> chain, String... entries) {
        List<String> certificates = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                certificates.add("{\"rawBytes\":\"" + B64.encodeToString(certificate.getEncoded()) + "\"}");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return ("{\"mediaType\":\"" + SigstoreBundles.V02 + "\",\"verificationMaterial\":{\"x509CertificateChain\":{\"certificates\":["
                + String.join(",", certificates) + "]},\"tlogEntries\":[" + String.join(",", entries) + "]},\"dsseEnvelope\":"
                + new String(envelope, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A message-signature bundle: the sha256 {@code digest} signed ({@code signature}, base64), the certificate and the log entries. */
    static byte[] message(byte[] digest, String signature, X509Certificate certificate, String... entries) {
        return bundle(material(certificate, entries), "\"messageSignature\":{\"messageDigest\":{\"algorithm\":\"SHA2_256\",\"digest\":\""
                + B64.encodeToString(digest) + "\"},\"signature\":\"" + signature + "\"}");
    }

    /** A Rekor {@code dsse} (0.0.1) entry's body, base64: the payload's sha256 and the envelope's signatures, each with the certificate. */
    static String dsseBody(byte[] envelope, X509Certificate certificate) {
        var root = JsonMapper.shared().readTree(envelope);
        byte[] payload = Base64.getDecoder().decode(root.path("payload").asString());
        List<Map<String, String>> signatures = new ArrayList<>();
        root.path("signatures").forEach(s -> signatures.add(Map.of("signature", s.path("sig").asString(),
                "verifier", B64.encodeToString(Sigstore.pem(certificate).getBytes(StandardCharsets.UTF_8)))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("envelopeHash", Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(sha256(envelope))));
        spec.put("payloadHash", Map.of("algorithm", "sha256", "value", HexFormat.of().formatHex(sha256(payload))));
        spec.put("signatures", signatures);
        return B64.encodeToString(JsonMapper.shared().writeValueAsBytes(Map.of("apiVersion", "0.0.1", "kind", "dsse", "spec", spec)));
    }

    /** A Rekor v2 {@code dsse} entry's body, base64: the payload's sha256 and the envelope's signatures, each with the certificate's DER. */
    static String dsseBodyV2(byte[] envelope, X509Certificate certificate) {
        var root = JsonMapper.shared().readTree(envelope);
        byte[] payload = Base64.getDecoder().decode(root.path("payload").asString());
        List<Map<String, Object>> signatures = new ArrayList<>();
        root.path("signatures").forEach(s -> signatures.add(Map.of("content", s.path("sig").asString(), "verifier", verifierV2(certificate))));
        Map<String, Object> spec = Map.of("dsseV002", Map.of("payloadHash", Map.of("algorithm", "SHA2_256", "digest", B64.encodeToString(sha256(payload))),
                "signatures", signatures));
        return B64.encodeToString(JsonMapper.shared().writeValueAsBytes(Map.of("apiVersion", "0.0.2", "kind", "dsse", "spec", spec)));
    }

    /** A Rekor v2 {@code hashedrekord} entry's body, base64: the sha256 of {@code signed}, the base64 {@code signature} and the certificate's DER. */
    static String hashedRekordBodyV2(byte[] signed, String signature, X509Certificate certificate) {
        Map<String, Object> spec = Map.of("hashedRekordV002", Map.of("data", Map.of("algorithm", "SHA2_256", "digest", B64.encodeToString(sha256(signed))),
                "signature", Map.of("content", signature, "verifier", verifierV2(certificate))));
        return B64.encodeToString(JsonMapper.shared().writeValueAsBytes(Map.of("apiVersion", "0.0.2", "kind", "hashedrekord", "spec", spec)));
    }

    /**
     * A Rekor v2 entry for {@code body}: log id the sha256 of {@code log}'s key, no SET and no
     * integrated time, and an inclusion proof whose checkpoint names {@code origin} and is signed by
     * {@code log} under the key id {@code keyId}.
     */
    static String entryV2(String body, String kind, String origin, KeyPair log, byte[] keyId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("logIndex", "5");
        entry.put("logId", Map.of("keyId", B64.encodeToString(sha256(log.getPublic().getEncoded()))));
        entry.put("kindVersion", Map.of("kind", kind, "version", "0.0.2"));
        entry.put("inclusionProof", proof(Base64.getDecoder().decode(body), 5, 11, log, origin, keyId));
        entry.put("canonicalizedBody", body);
        return JsonMapper.shared().writeValueAsString(entry);
    }

    /**
     * A log entry for {@code body} logged at {@code at} with index 7: with the SET signed by
     * {@code setKey} (null: none) and an inclusion proof at index 5 of a tree of 11 whose
     * checkpoint is signed by {@code proofKey} (null: none).
     */
    static String entry(String body, Instant at, KeyPair setKey, KeyPair proofKey) {
        KeyPair log = setKey != null ? setKey : proofKey;
        String logId = HexFormat.of().formatHex(sha256(log.getPublic().getEncoded()));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("logIndex", "7");
        entry.put("logId", Map.of("keyId", B64.encodeToString(HexFormat.of().parseHex(logId))));
        entry.put("kindVersion", Map.of("kind", "dsse", "version", "0.0.1"));
        entry.put("integratedTime", Long.toString(at.getEpochSecond()));
        if (setKey != null) {
            String canonical = "{\"body\":\"" + body + "\",\"integratedTime\":" + at.getEpochSecond() + ",\"logID\":\"" + logId + "\",\"logIndex\":7}";
            entry.put("inclusionPromise", Map.of("signedEntryTimestamp", B64.encodeToString(sign(canonical.getBytes(StandardCharsets.UTF_8), setKey.getPrivate()))));
        }
        if (proofKey != null) {
            entry.put("inclusionProof", proof(Base64.getDecoder().decode(body), 5, 11, proofKey, ORIGIN, sha256(proofKey.getPublic().getEncoded())));
        }
        entry.put("canonicalizedBody", body);
        return JsonMapper.shared().writeValueAsString(entry);
    }

    /** The referrer cosign 3 pushes for a bundle: artifact type and layer media type v0.3. */
    static Cosign.Artifact referrer(Digest subject, String subjectType, long subjectSize, byte[] bundle) {
        return Cosign.bundleReferrer(subject, subjectType, subjectSize, bundle, SigstoreBundles.V03);
    }

    static byte[] sha256(byte[] bytes) {
        return Manifest.newHasher("sha256").digest(bytes);
    }

    static byte[] sign(byte[] message, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> verifierV2(X509Certificate certificate) {
        try {
            return Map.of("x509Certificate", Map.of("rawBytes", B64.encodeToString(certificate.getEncoded())), "keyDetails", "PKIX_ECDSA_P256_SHA_256");
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String material(X509Certificate certificate, String... entries) {
        try {
            return "{\"certificate\":{\"rawBytes\":\"" + B64.encodeToString(certificate.getEncoded()) + "\"},\"tlogEntries\":[" + String.join(",", entries) + "]}";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bundle(String material, String content) {
        return ("{\"mediaType\":\"" + SigstoreBundles.V03 + "\",\"verificationMaterial\":" + material + "," + content + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An inclusion proof of the leaf {@code body} at {@code index} in a tree of {@code size} leaves
     * (the others made up), built the recursive way RFC 6962 2.1.1 defines PATH and MTH, and its
     * checkpoint for {@code origin} signed with {@code key} under the key id {@code keyId}.
     */
    private static Map<String, Object> proof(byte[] body, int index, int size, KeyPair key, String origin, byte[] keyId) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(i == index ? body : ("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        byte[] root = mth(leaves);
        List<String> hashes = path(index, leaves).stream().map(B64::encodeToString).toList();
        String note = origin + "\n" + size + "\n" + B64.encodeToString(root) + "\n";
        byte[] hint = Arrays.copyOf(keyId, 4);
        byte[] signature = sign(note.getBytes(StandardCharsets.UTF_8), key.getPrivate());
        byte[] signed = Arrays.copyOf(hint, 4 + signature.length);
        System.arraycopy(signature, 0, signed, 4, signature.length);
        return Map.of("logIndex", Integer.toString(index), "rootHash", B64.encodeToString(root), "treeSize", Integer.toString(size), "hashes", hashes,
                "checkpoint", Map.of("envelope", note + "\n\u2014 " + origin.split(" ")[0] + " " + B64.encodeToString(signed) + "\n"));
    }

    private static byte[] mth(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return hash((byte) 0, leaves.getFirst());
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return hash((byte) 1, mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
    }

    private static List<byte[]> path(int m, List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return new ArrayList<>();
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        List<byte[]> path;
        if (m < k) {
            path = path(m, leaves.subList(0, k));
            path.add(mth(leaves.subList(k, leaves.size())));
        } else {
            path = path(m - k, leaves.subList(k, leaves.size()));
            path.add(mth(leaves.subList(0, k)));
        }
        return path;
    }

    private static byte[] hash(byte prefix, byte[]... parts) {
        MessageDigest sha256 = Manifest.newHasher("sha256");
        sha256.update(prefix);
        for (byte[] part : parts) {
            sha256.update(part);
        }
        return sha256.digest();
    }
}
