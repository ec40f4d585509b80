package dev.signoff.pipelines;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An item of {@code trustedRoot} (one reference, or a list of them): a reference ({@code file:/path} or {@code env:VAR}) to a Sigstore trusted
 * root ({@code trusted_root.json}). A named file is read when pipelines.yaml is loaded and must be
 * one the signature and attestation gates can use: JSON of a trusted root media type, at least one
 * certificate authority whose certificates are base64 DER X.509, at least one transparency log
 * (whose key is a base64 DER ECDSA, Ed25519 or RSA public key) or timestamp authority (GitHub's
 * trusted root lists no tlogs), and RFC 3339 {@code validFor} times.
 * An environment variable is read when the gate is checked.
 */
final class TrustedRootFiles {
    private static final String MEDIA_TYPE = "application/vnd.dev.sigstore.trustedroot";

    private TrustedRootFiles() {
    }

    /** The reference, or null when a problem was reported. */
    static String read(YamlNode value) {
        String reference = value.text();
        if (reference == null) {
            return null;
        }
        if (!KeyReferences.REFERENCE.matcher(reference).matches()) {
            value.problem("a trusted root is named, not written inline: give file:/etc/signoff/trusted_root.json or env:VARIABLE (holding the JSON)");
            return null;
        }
        if (reference.startsWith("env:")) {
            return reference;
        }
        String file = reference.substring(5);
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            value.problem("the file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        String problem = problem(text);
        if (problem != null) {
            value.problem("the file " + file + " " + problem);
            return null;
        }
        return reference;
    }

    /** Null when {@code text} is a usable trusted root; otherwise what is wrong, to follow "the file …". */
    private static String problem(String text) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            return "is not JSON";
        }
        String mediaType = root.path("mediaType").asString("");
        if (!mediaType.startsWith(MEDIA_TYPE)) {
            return "is not a Sigstore trusted root (mediaType '" + mediaType + "', not " + MEDIA_TYPE + "+json;version=0.1)";
        }
        if (root.path("certificateAuthorities").isEmpty()) {
            return "has no certificate authority (certificateAuthorities): keyless certificates would chain to nothing";
        }
        if (root.path("tlogs").isEmpty() && root.path("timestampAuthorities").isEmpty()) {
            return "has neither a transparency log (tlogs) nor a timestamp authority (timestampAuthorities): nothing would vouch for when a signature was made";
        }
        int number = 0;
        for (JsonNode authority : root.path("certificateAuthorities")) {
            String what = "certificate authority " + ++number + " (" + authority.path("uri").asString("no uri") + ")";
            JsonNode certificates = authority.path("certChain").path("certificates");
            if (certificates.isEmpty()) {
                return "has " + what + " with no certificate (certChain.certificates)";
            }
            int index = 0;
            for (JsonNode certificate : certificates) {
                index++;
                if (!isCertificate(certificate.path("rawBytes").asString(""))) {
                    return "has " + what + " whose certificate " + index + " is not a base64 DER X.509 certificate";
                }
            }
            String times = timeProblem(authority.path("validFor"), what);
            if (times != null) {
                return times;
            }
        }
        number = 0;
        for (JsonNode log : root.path("tlogs")) {
            String what = "transparency log " + ++number + " (" + log.path("baseUrl").asString("no baseUrl") + ")";
            if (!isPublicKey(log.path("publicKey").path("rawBytes").asString(""))) {
                return "has " + what + " whose publicKey.rawBytes is not an ECDSA, Ed25519 or RSA public key (base64 DER SubjectPublicKeyInfo)";
            }
            String times = timeProblem(log.path("publicKey").path("validFor"), what + "'s publicKey");
            if (times != null) {
                return times;
            }
        }
        return null;
    }

    private static boolean isCertificate(String base64) {
        try {
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isPublicKey(String base64) {
        for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
                return true;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm (or not base64): try the next
            }
        }
        return false;
    }

    private static String timeProblem(JsonNode validFor, String what) {
        for (String bound : List.of("start", "end")) {
            JsonNode time = validFor.path(bound);
            if (!time.isMissingNode() && !time.isNull()) {
                try {
                    Instant.parse(time.asString(""));
                } catch (DateTimeParseException e) {
                    return "has " + what + " whose validFor." + bound + " '" + time.asString("") + "' is not an RFC 3339 time";
                }
            }
        }
        return null;
    }
}
