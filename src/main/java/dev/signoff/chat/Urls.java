package dev.signoff.chat;

import java.nio.charset.StandardCharsets;

/** URLs made safe for a platform's markup without changing where they lead. */
public final class Urls {
    private static final String HEX = "0123456789ABCDEF";

    private Urls() {
    }

    /**
     * {@code url} with each of {@code special}, and every white space, control and non-ASCII
     * character, percent-encoded as UTF-8: what a browser would send for them anyway.
     */
    public static String percentEncode(String url, String special) {
        StringBuilder out = new StringBuilder();
        url.codePoints().forEach(c -> {
            if (special.indexOf(c) >= 0 || c <= ' ' || c >= 0x7f) {
                for (byte b : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
