package dev.signoff.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

import dev.signoff.promotion.Digest;

/**
 * Passes a blob through while hashing and counting it; at the end (or past the expected size) it
 * fails the read, so a corrupt or truncated blob never completes its upload. The problem is kept
 * for the error message because HTTP clients wrap the exception.
 */
final class VerifyingStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final MessageDigest hasher;
    private final LongConsumer counted;
    private long count;
    private volatile boolean finished;
    private volatile String problem;
    private volatile long lastRead = System.nanoTime();

    VerifyingStream(InputStream in, Digest expected, long expectedSize, LongConsumer counted) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.hasher = Manifest.newHasher(expected.algorithm());
        this.counted = counted;
    }

    long count() {
        return count;
    }

    String problem() {
        return problem;
    }

    /** Nanoseconds since bytes last arrived, while the stream is not finished; 0 once it is. */
    long idleNanos() {
        return finished ? 0 : System.nanoTime() - lastRead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (finished) {
            return -1;
        }
        int n = super.read(buffer, offset, length);
        lastRead = System.nanoTime();
        if (n < 0) {
            finished = true;
            finish();
            return -1;
        }
        hasher.update(buffer, offset, n);
        count += n;
        counted.accept(n);
        if (expectedSize >= 0 && count > expectedSize) {
            throw fail("it is longer than the " + expectedSize + " bytes the manifest says");
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported while verifying");
    }

    private void finish() throws IOException {
        if (expectedSize >= 0 && count != expectedSize) {
            throw fail("it has " + count + " bytes instead of the " + expectedSize + " the manifest says");
        }
        String actual = expected.algorithm() + ":" + HexFormat.of().formatHex(hasher.digest());
        if (!actual.equals(expected.toString())) {
            throw fail("its content has digest " + actual);
        }
    }

    private IOException fail(String what) {
        problem = "blob " + expected + " is corrupt: " + what;
        return new IOException(problem);
    }
}
