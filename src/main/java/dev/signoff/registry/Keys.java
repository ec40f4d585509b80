package dev.signoff.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM keys named by reference ({@code file:/path} or {@code env:VAR}), and signatures made and
 * checked the way cosign does: ECDSA (P-256 with SHA-256, P-384 with SHA-384, P-521 with SHA-512;
 * ASN.1 DER signatures), Ed25519 over the message itself, and RSA PKCS#1 v1.5 with SHA-256. JDK
 * crypto only. Key material never appears in messages; only the reference and the fingerprint do.
 */
final class Keys {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final List<String> ALGORITHMS = List.of("EC", "Ed25519", "RSA");

    private Keys() {
    }

    /** A public key read from its reference, with the fingerprint the card shows. */
    record Verifier(String reference, PublicKey key, String fingerprint) {
        boolean verifies(byte[] message, byte[] signature) {
            try {
                Signature check = Signature.getInstance(algorithm(key));
                check.initVerify(key);
                check.update(message);
                return check.verify(signature);
            } catch (GeneralSecurityException | RuntimeException e) {
                return false; // a malformed signature verifies nothing
            }
        }

        /** "key sha256:1a2b3c4d5e6f7a8b (file:/etc/signoff/cosign.pub)". */
        String describe() {
            return "key " + fingerprint + " (" + reference + ")";
        }
    }

    /** Reads a PEM public key ({@code PUBLIC KEY}, X.509 SubjectPublicKeyInfo) from the reference; the message says why it cannot. */
    static Verifier publicKey(String reference, Map<String, String> env) {
        return publicKey(reference, pem(read(reference, env), "PUBLIC KEY", reference));
    }

    /** A public key from its DER SubjectPublicKeyInfo, named {@code reference} in sentences; the message says why it is none. */
    static Verifier publicKey(String reference, byte[] der) {
        for (String algorithm : ALGORITHMS) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return new Verifier(reference, key, fingerprint(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("it is not an ECDSA, Ed25519 or RSA public key");
    }

    /** Reads a PEM private key ({@code PRIVATE KEY}, PKCS#8; as {@code openssl genpkey} writes it) from the reference. */
    static PrivateKey privateKey(String reference, Map<String, String> env) {
        byte[] der = pem(read(reference, env), "PRIVATE KEY", reference);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(reference + " is not an unencrypted ECDSA, Ed25519 or RSA private key in PKCS#8 PEM");
    }

    /** Signs as {@link Verifier#verifies} checks. */
    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance(algorithm(key));
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** sha256 of the DER SubjectPublicKeyInfo, 16 hex digits: {@code openssl pkey -pubin -in key.pub -outform DER | sha256sum}. */
    static String fingerprint(byte[] der) {
        return "sha256:" + HexFormat.of().formatHex(Manifest.newHasher("sha256").digest(der)).substring(0, 16);
    }

    static String fingerprint(PublicKey key) {
        return fingerprint(key.getEncoded());
    }

    private static String algorithm(java.security.Key key) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return switch (key.getAlgorithm()) {
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        };
    }

    /** The text a reference names: the environment variable or the file; the message says why it cannot be read. */
    static String read(String reference, Map<String, String> env) {
        if (reference.startsWith("env:")) {
            String value = env.get(reference.substring(4));
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("the environment variable " + reference.substring(4) + " is not set");
            }
            return value;
        }
        if (reference.startsWith("file:")) {
            try {
                return Files.readString(Path.of(reference.substring(5)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("the file cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalArgumentException("a key is named env:VARIABLE or file:/path, not inline");
    }

    private static byte[] pem(String text, String type, String reference) {
        Matcher pem = PEM.matcher(text);
        while (pem.find()) {
            if (pem.group(1).endsWith(type) && !pem.group(1).startsWith("ENCRYPTED")) {
                try {
                    return Base64.getMimeDecoder().decode(pem.group(2));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("its PEM block is not base64");
                }
            }
        }
        throw new IllegalArgumentException("it holds no unencrypted PEM block '" + type + "'"
                + (type.equals("PRIVATE KEY") ? " (cosign's own encrypted keys are not read; export one with openssl pkcs8)" : ""));
    }
}
