package dev.signoff.registry;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One element of DER (ITU-T X.690) and the few reads RFC 3161 tokens need: children of a
 * constructed element, object identifiers, integers, octet strings and GeneralizedTime. Strict:
 * single-byte tags only, definite and minimal lengths, nothing after the outermost element and
 * nothing left inside a constructed one; anything else is an IllegalArgumentException.
 */
record Der(int tag, byte[] source, int offset, int start, int end) {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** The one element {@code bytes} hold, with nothing after it. */
    static Der parse(byte[] bytes) {
        Der der = at(bytes, 0, bytes.length);
        if (der.end() != bytes.length) {
            throw new IllegalArgumentException("bytes follow the DER element");
        }
        return der;
    }

    private static Der at(byte[] bytes, int offset, int limit) {
        if (limit - offset < 2) {
            throw new IllegalArgumentException("a DER element is cut short");
        }
        int tag = bytes[offset] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("a DER element has a multi-byte tag");
        }
        int first = bytes[offset + 1] & 0xff;
        int start = offset + 2;
        long length = first;
        if (first > 0x80) {
            int count = first & 0x7f;
            if (count > 4 || start + count > limit || bytes[start] == 0) {
                throw new IllegalArgumentException("a DER element's length is not in its shortest form");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | (bytes[start + i] & 0xff);
            }
            start += count;
            if (length < 0x80) {
                throw new IllegalArgumentException("a DER element's length is not in its shortest form");
            }
        } else if (first == 0x80) {
            throw new IllegalArgumentException("a DER element has an indefinite length (BER, not DER)");
        }
        if (length > limit - start) {
            throw new IllegalArgumentException("a DER element is longer than what holds it");
        }
        return new Der(tag, bytes, offset, start, start + (int) length);
    }

    /** The elements inside this constructed one, in order. */
    List<Der> children() {
        if ((tag & 0x20) == 0) {
            throw new IllegalArgumentException("a primitive DER element (tag " + Integer.toHexString(tag) + ") was read as constructed");
        }
        List<Der> children = new ArrayList<>();
        for (int at = start; at < end; ) {
            Der child = at(source, at, end);
            children.add(child);
            at = child.end();
        }
        return children;
    }

    /** This element, checked to have {@code expected} as its tag; {@code what} names it in the message. */
    Der expect(int expected, String what) {
        if (tag != expected) {
            throw new IllegalArgumentException(what + " has DER tag " + Integer.toHexString(tag) + ", not " + Integer.toHexString(expected));
        }
        return this;
    }

    /** The content octets. */
    byte[] content() {
        return Arrays.copyOfRange(source, start, end);
    }

    /** The whole element: tag, length and content. */
    byte[] encoded() {
        return Arrays.copyOfRange(source, offset, end);
    }

    /** An OBJECT IDENTIFIER in dotted form. */
    String oid() {
        expect(OID, "an object identifier");
        StringBuilder dotted = new StringBuilder();
        long value = 0;
        for (int i = start; i < end; i++) {
            if (value == 0 && (source[i] & 0xff) == 0x80) {
                throw new IllegalArgumentException("an object identifier is not in its shortest form");
            }
            value = value << 7 | (source[i] & 0x7f);
            if ((source[i] & 0x80) == 0) {
                if (dotted.isEmpty()) {
                    dotted.append(value < 80 ? value / 40 : 2).append('.').append(value < 80 ? value % 40 : value - 80);
                } else {
                    dotted.append('.').append(value);
                }
                value = 0;
            }
        }
        if (dotted.isEmpty() || (source[end - 1] & 0x80) != 0) {
            throw new IllegalArgumentException("an object identifier is cut short");
        }
        return dotted.toString();
    }

    BigInteger integer() {
        expect(INTEGER, "an integer");
        if (end == start) {
            throw new IllegalArgumentException("an integer has no content");
        }
        return new BigInteger(content());
    }

    /** A GeneralizedTime as RFC 5280 and RFC 3161 allow it: {@code YYYYMMDDHHMMSS[.f…]Z}. */
    Instant generalizedTime() {
        expect(GENERALIZED_TIME, "a time");
        String text = new String(content(), java.nio.charset.StandardCharsets.US_ASCII);
        if (text.length() < 15 || !text.endsWith("Z")) {
            throw new IllegalArgumentException("the time '" + text + "' is not a GeneralizedTime in UTC");
        }
        try {
            Instant seconds = LocalDateTime.parse(text.substring(0, 14), SECONDS).toInstant(ZoneOffset.UTC);
            String fraction = text.substring(14, text.length() - 1);
            if (fraction.isEmpty()) {
                return seconds;
            }
            if (!fraction.matches("\\.[0-9]*[1-9]") || fraction.length() > 10) {
                throw new IllegalArgumentException("the time '" + text + "' has a fraction that is not DER");
            }
            return seconds.plusNanos(Long.parseLong((fraction.substring(1) + "000000000").substring(0, 9)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the time '" + text + "' is not a GeneralizedTime");
        }
    }
}
