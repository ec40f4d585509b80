package dev.signoff.discord;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks that an interaction was sent by Discord: an Ed25519 signature of timestamp + raw body
 * with the application's public key (JDK crypto only), and a timestamp within
 * {@link #WINDOW} of now either way, so a captured request cannot be replayed later.
 */
final class InteractionVerifier {
    /** Discord's own libraries allow five minutes; the same for requests from the future. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519; the 32 raw key bytes follow it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PublicKey key;
    private final Clock clock;

    InteractionVerifier(byte[] rawPublicKey, Clock clock) {
        this.key = publicKey(rawPublicKey);
        this.clock = clock;
    }

    static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Why the request must be refused (for the log), or empty when it is genuine and fresh. */
    Optional<String> refusal(String signatureHex, String timestamp, byte[] body) {
        if (signatureHex == null || signatureHex.isBlank() || timestamp == null || timestamp.isBlank()) {
            return Optional.of("missing X-Signature-Ed25519 or X-Signature-Timestamp");
        }
        Instant sent;
        try {
            sent = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.of("timestamp is not a number of seconds");
        }
        Duration age = Duration.between(sent, clock.instant());
        if (age.abs().compareTo(WINDOW) > 0) {
            return Optional.of(age.isNegative() ? "timestamp is in the future" : "timestamp is too old");
        }
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(signatureHex.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("signature is not hex");
        }
        return verify(signature, timestamp.getBytes(StandardCharsets.UTF_8), body == null ? new byte[0] : body)
                ? Optional.empty() : Optional.of("signature does not match");
    }

    private boolean verify(byte[] signature, byte[] timestamp, byte[] body) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519"); // not thread-safe: one per request
            ed25519.initVerify(key);
            ed25519.update(timestamp);
            ed25519.update(body);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
