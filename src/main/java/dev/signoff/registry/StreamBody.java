package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A blob's bytes on their way into an upload: read from {@code in} into one buffer and written
 * straight to the connection, so a transfer holds one buffer whatever the blob's size. Sent once:
 * a retried upload builds a new one. {@link #abort()} drops the connection it is being written to
 * (from another thread: a watchdog's way to end a write that the destination stopped reading).
 */
final class StreamBody {
    static final int BUFFER = 256 * 1024;

    private final InputStream in;
    private final long length;
    private final AtomicBoolean sent = new AtomicBoolean();
    private volatile Runnable drop = () -> { };
    private volatile boolean aborted;

    /** {@code length} -1: not known (sent chunked). */
    StreamBody(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    long length() {
        return length;
    }

    /** Called by the transport once the connection is open, with the way to drop it. */
    void connected(Runnable dropConnection) {
        this.drop = dropConnection;
        if (aborted) {
            dropConnection.run();
        }
    }

    void abort() {
        aborted = true;
        drop.run();
    }

    /** Copies every byte to {@code out}; the stream's own checks (size, digest) fail it on the way. */
    void writeTo(OutputStream out) throws IOException {
        if (!sent.compareAndSet(false, true)) {
            throw new IOException("a streamed body can be sent once only");
        }
        byte[] buffer = new byte[BUFFER];
        long written = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            written += n;
        }
        if (length >= 0 && written != length) {
            throw new IOException("the body ended after " + written + " of its " + length + " bytes");
        }
    }
}
