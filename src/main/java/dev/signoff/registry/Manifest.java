package dev.signoff.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.signoff.promotion.Digest;

/** A manifest exactly as the registry served it: opaque bytes, the media type it was served with, and its digest. */
record Manifest(byte[] bytes, String mediaType, Digest digest) {

    /** The digest of {@code bytes} with the given algorithm (sha256 or sha512). */
    static Digest digestOf(byte[] bytes, String algorithm) {
        return Digest.parse(algorithm + ":" + HexFormat.of().formatHex(newHasher(algorithm).digest(bytes)));
    }

    static MessageDigest newHasher(String algorithm) {
        try {
            return MessageDigest.getInstance(jcaName(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jcaName(String algorithm) {
        return switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        };
    }
}
