package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body read from a stream in large chunks, on demand: at most the requested number of
 * chunks is in flight, so memory stays at a few chunks per upload whatever the blob's size. (The
 * JDK's {@code ofInputStream} reads in 16 kB pieces, which costs a lot of CPU on big blobs.)
 * Single use: a retried upload builds a new one.
 */
final class StreamPublisher implements HttpRequest.BodyPublisher {
    static final int CHUNK = 256 * 1024;

    private final InputStream in;
    private final long length;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    StreamPublisher(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                public void request(long n) {
                }

                public void cancel() {
                }
            });
            subscriber.onError(new IOException("a streamed body can be sent once only"));
            return;
        }
        subscriber.onSubscribe(new Chunks(subscriber));
    }

    /** Serves the demand on the caller's thread, one caller at a time (reentrant requests only add demand). */
    private final class Chunks implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean done;

        Chunks(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0 || done) {
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            while (!done && demand.get() > 0 && draining.compareAndSet(false, true)) {
                try {
                    while (!done && demand.get() > 0) {
                        byte[] chunk = new byte[CHUNK];
                        int filled = in.readNBytes(chunk, 0, CHUNK);
                        if (filled > 0) {
                            demand.decrementAndGet();
                            subscriber.onNext(ByteBuffer.wrap(chunk, 0, filled));
                        }
                        if (filled < CHUNK) {
                            done = true;
                            subscriber.onComplete();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    done = true;
                    subscriber.onError(e);
                } finally {
                    draining.set(false);
                }
            }
        }

        @Override
        public void cancel() {
            done = true;
        }
    }
}
