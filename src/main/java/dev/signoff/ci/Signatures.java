package dev.signoff.ci;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks what senders prove they know the secret with. Every comparison takes the same time
 * whatever the bytes, and compares digests of equal length so a token's length leaks nothing.
 */
final class Signatures {
    private Signatures() {
    }

    /** Whether {@code header} is {@code sha256=<hex HMAC-SHA256 of body with secret>}. */
    static boolean hmacSha256Matches(String header, byte[] body, byte[] secret) {
        if (header == null || !header.regionMatches(true, 0, "sha256=", 0, 7)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(7).strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), given);
    }

    /** {@code sha256=<hex>} for {@code body}, the way GitHub and the generic source sign. */
    static String sign(byte[] secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    /** Whether {@code given} equals {@code secret}, in constant time. */
    static boolean tokenMatches(String given, byte[] secret) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given.strip().getBytes(StandardCharsets.UTF_8)), sha256(secret));
    }

    static byte[] hmacSha256(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
