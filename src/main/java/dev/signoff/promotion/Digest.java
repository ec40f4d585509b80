package dev.signoff.promotion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:3e1f…}. Validated at construction; compare with {@link #equals}. */
public final class Digest {
    private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("sha512:[a-f0-9]{128}");

    private final String value;

    private Digest(String value) {
        this.value = value;
    }

    /** Parses {@code sha256:<64 hex>} (or sha512); anything else is refused with the reason. */
    public static Digest parse(String text) {
        if (text == null || !(SHA256.matcher(text).matches() || SHA512.matcher(text).matches())) {
            throw new IllegalArgumentException("'" + text + "' is not a digest (expected sha256: followed by 64 lowercase hex digits)");
        }
        return new Digest(text);
    }

    public static boolean isDigest(String text) {
        return text != null && (SHA256.matcher(text).matches() || SHA512.matcher(text).matches());
    }

    /** The sha256 digest of the given bytes. */
    public static Digest sha256Of(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Digest("sha256:" + HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Digest sha256Of(String text) {
        return sha256Of(text.getBytes(StandardCharsets.UTF_8));
    }

    public String algorithm() {
        return value.substring(0, value.indexOf(':'));
    }

    public String hex() {
        return value.substring(value.indexOf(':') + 1);
    }

    /** The first 12 hex digits, the way people quote digests in chat. */
    public String shortForm() {
        return algorithm() + ":" + hex().substring(0, 12);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
