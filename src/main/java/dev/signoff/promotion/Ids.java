package dev.signoff.promotion;

import java.security.SecureRandom;

/** Short random ids people can type ("approve k3f9x2ab"): 8 characters of lowercase base32. */
public final class Ids {
    private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId() {
        return random(8);
    }

    /**
     * The reference of an unexpected error: logged with the exception and shown to people as
     * "something went wrong (ref …)", so the two can be matched.
     */
    public static String errorReference() {
        return random(6);
    }

    /** A longer random string for secrets such as button tokens. */
    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
