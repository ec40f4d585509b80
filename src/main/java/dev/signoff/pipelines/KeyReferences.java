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
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to PEM keys and certificates in pipelines.yaml: {@code file:/path} or
 * {@code env:VAR}, never the PEM inline. A named file is read when the file is loaded, so a
 * missing or wrong one stops start-up; an environment variable is read when the key is used.
 */
final class KeyReferences {
    static final Pattern REFERENCE = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:\\S+");
    private static final Pattern PUBLIC_KEY = Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private KeyReferences() {
    }

    /** A reference to a Fulcio root ({@code certificate}) or a PEM public key; a named file must hold one. */
    static String read(YamlNode value, String what, boolean certificate) {
        String reference = value.text();
        if (reference == null) {
            return null;
        }
        if (!REFERENCE.matcher(reference).matches()) {
            value.problem(what + " is named, not written inline: give file:/path/to/it.pem or env:VARIABLE (holding the PEM)");
            return null;
        }
        if (reference.startsWith("env:")) {
            return reference;
        }
        String text;
        try {
            text = Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            value.problem("the file " + reference.substring(5) + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        String problem = certificate ? certificateProblem(text) : publicKeyProblem(text);
        if (problem != null) {
            value.problem("the file " + reference.substring(5) + " " + problem);
            return null;
        }
        return reference;
    }

    private static String certificateProblem(String text) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).isEmpty()
                    ? "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return "is not a PEM certificate (-----BEGIN CERTIFICATE-----) of the Fulcio root";
        }
    }

    private static String publicKeyProblem(String text) {
        Matcher pem = PUBLIC_KEY.matcher(text);
        if (!pem.find()) {
            return "holds no PEM public key (-----BEGIN PUBLIC KEY-----)";
        }
        for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
            try {
                KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1))));
                return null;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        return "holds a PEM block that is not an ECDSA, Ed25519 or RSA public key";
    }
}
