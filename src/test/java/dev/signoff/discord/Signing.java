package dev.signoff.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;

/** A test Ed25519 key pair standing in for Discord's, and the signature Discord puts on a request. */
final class Signing {
    final KeyPair keys;

    Signing() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte public key: the last 32 bytes of its X.509 encoding. */
    byte[] rawPublicKey() {
        byte[] x509 = keys.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    String publicKeyHex() {
        return HexFormat.of().formatHex(rawPublicKey());
    }

    /** X-Signature-Ed25519 for {@code timestamp} + {@code body}. */
    String sign(String timestamp, byte[] body) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(keys.getPrivate());
            ed25519.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ed25519.update(body);
            return HexFormat.of().formatHex(ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
