package dev.signoff.registry;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.signoff.promotion.spi.ProgressListener;

/**
 * Bytes copied of the total, told to the listener in words ("120 MB of 200 MB (3 of 5 blobs)") at
 * most every {@code everyMillis} and whenever a blob completes. Updated from the transfer threads;
 * the listener is called by one thread at a time. Every piece of data first asks the listener
 * whether the promotion was aborted ({@link ProgressListener#checkStopped()}), which stops the
 * transfer there.
 */
final class Progress {
    private final ProgressListener listener;
    private final long totalBytes;
    private final int totalBlobs;
    private final long everyMillis;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger blobs = new AtomicInteger();
    private volatile long lastReport;
    private final AtomicBoolean reporting = new AtomicBoolean();

    Progress(ProgressListener listener, long totalBytes, int totalBlobs, long everyMillis) {
        this.listener = listener;
        this.totalBytes = totalBytes;
        this.totalBlobs = totalBlobs;
        this.everyMillis = everyMillis;
    }

    void add(long n) {
        listener.checkStopped();
        bytes.addAndGet(n);
        report(false);
    }

    /** Takes back the bytes of an attempt that failed and will be sent again. */
    void rewind(long n) {
        bytes.addAndGet(-n);
    }

    void blobDone() {
        blobs.incrementAndGet();
        report(true);
    }

    /** Throws when the promotion was aborted: the transfer stops, and is not tried again. */
    void checkStopped() {
        listener.checkStopped();
    }

    long bytes() {
        return bytes.get();
    }

    /**
     * A timed report is skipped while another thread is telling the listener (which may save the
     * promotion): the transfer threads never wait for it. A blob's completion is always told.
     */
    private void report(boolean force) {
        long now = System.currentTimeMillis();
        if (!force && (now - lastReport < everyMillis || !reporting.compareAndSet(false, true))) {
            return;
        }
        try {
            synchronized (this) {
                if (!force && now - lastReport < everyMillis) {
                    return;
                }
                lastReport = now;
                listener.progress(size(bytes.get()) + " of " + size(totalBytes) + " (" + blobs.get() + " of " + totalBlobs + " blobs)");
            }
        } finally {
            if (!force) {
                reporting.set(false);
            }
        }
    }

    /** Sizes the way people read them: 950 B, 8.2 kB, 13 kB, 182 MB, 1.2 GB (powers of 1000). */
    static String size(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = n;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return (value >= 10 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }
}
