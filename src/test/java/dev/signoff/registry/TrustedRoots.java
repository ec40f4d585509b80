package dev.signoff.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Sigstore trusted roots written from throw-away Fulcio and Rekor fixtures, in the shape
 * {@code cosign trusted-root create} writes: {@code certificateAuthorities} (chain root last) and
 * {@code tlogs} (log id the sha256 of the key's DER), each with its {@code validFor}.
 */
final class TrustedRoots {
    static final String MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot+json;version=0.1";

    /** A certificate authority: chain from the issuer of the leaves to the root; {@code end} null for none. */
    record Authority(String uri, List<X509Certificate> chain, Instant start, Instant end) {
    }

    /** A transparency log and its key; {@code end} null for none; {@code checkpointKeyId} null for none (its log id signs). */
    record Log(String baseUrl, PublicKey key, Instant start, Instant end, byte[] checkpointKeyId) {
        Log(String baseUrl, PublicKey key, Instant start, Instant end) {
            this(baseUrl, key, start, end, null);
        }
    }

    /** A timestamp authority: chain from the TSA's certificate to its root; {@code end} null for none. */
    record Tsa(String uri, List<X509Certificate> chain, Instant start, Instant end) {
    }

    private TrustedRoots() {
    }

    /** Writes the trusted root to {@code file}; its {@code file:} reference. */
    static String write(Path file, List<Authority> authorities, List<Log> logs) throws Exception {
        Files.writeString(file, json(authorities, logs));
        return "file:" + file;
    }

    static String json(List<Authority> authorities, List<Log> logs) {
        return json(authorities, logs, List.of());
    }

    /** A trusted root that also names timestamp authorities. */
    static String json(List<Authority> authorities, List<Log> logs, List<Tsa> tsas) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<Map<String, Object>> cas = new ArrayList<>();
        for (Authority authority : authorities) {
            List<Map<String, String>> certificates = new ArrayList<>();
            for (X509Certificate certificate : authority.chain()) {
                certificates.add(Map.of("rawBytes", base64.encodeToString(der(certificate))));
            }
            cas.add(Map.of("subject", Map.of("organization", "sigstore.dev", "commonName", "sigstore"), "uri", authority.uri(),
                    "certChain", Map.of("certificates", certificates), "validFor", validFor(authority.start(), authority.end())));
        }
        List<Map<String, Object>> tlogs = new ArrayList<>();
        for (Log log : logs) {
            byte[] der = log.key().getEncoded();
            Map<String, Object> tlog = new LinkedHashMap<>(Map.of("baseUrl", log.baseUrl(), "hashAlgorithm", "SHA2_256",
                    "publicKey", Map.of("rawBytes", base64.encodeToString(der), "keyDetails", "PKIX_ECDSA_P256_SHA_256",
                            "validFor", validFor(log.start(), log.end())),
                    "logId", Map.of("keyId", base64.encodeToString(Manifest.newHasher("sha256").digest(der)))));
            if (log.checkpointKeyId() != null) {
                tlog.put("checkpointKeyId", Map.of("keyId", base64.encodeToString(log.checkpointKeyId())));
            }
            tlogs.add(tlog);
        }
        List<Map<String, Object>> timestampAuthorities = new ArrayList<>();
        for (Tsa tsa : tsas) {
            List<Map<String, String>> certificates = new ArrayList<>();
            for (X509Certificate certificate : tsa.chain()) {
                certificates.add(Map.of("rawBytes", base64.encodeToString(der(certificate))));
            }
            timestampAuthorities.add(Map.of("subject", Map.of("organization", "tsa.example.com", "commonName", "tsa"), "uri", tsa.uri(),
                    "certChain", Map.of("certificates", certificates), "validFor", validFor(tsa.start(), tsa.end())));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mediaType", MEDIA_TYPE);
        root.put("tlogs", tlogs);
        root.put("certificateAuthorities", cas);
        root.put("ctlogs", List.of());
        if (!timestampAuthorities.isEmpty()) {
            root.put("timestampAuthorities", timestampAuthorities);
        }
        return JsonMapper.shared().writeValueAsString(root);
    }

    private static Map<String, String> validFor(Instant start, Instant end) {
        Map<String, String> window = new LinkedHashMap<>();
        window.put("start", start.toString());
        if (end != null) {
            window.put("end", end.toString());
        }
        return window;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
