package dev.signoff.registry;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The benchmarks' heap growth: after a full GC, the heap in use is the baseline; while watching,
 * the highest heap use seen (sampled every 2 ms, and after each GC) above it. An upper bound of
 * what the measured work needs, garbage included, and so mostly the young generation's size; or,
 * with {@link #live}, what it holds. Also the process CPU time spent meanwhile.
 */
final class HeapWatch implements AutoCloseable {
    /** The heap's pools (eden, survivor, old): a GC's report also lists metaspace and the code cache, which are not heap. */
    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP).map(java.lang.management.MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    private final long baseline;
    private final AtomicLong peak;
    private final AtomicLong afterGc;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private final NotificationListener listener;
    private final long cpuBefore;
    private final boolean live;
    private long growth = -1;
    private long cpu;

    private HeapWatch(boolean live) {
        this.live = live;
        System.gc();
        baseline = usedHeap();
        peak = new AtomicLong(baseline);
        afterGc = new AtomicLong(baseline);
        sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                if (live) {
                    System.gc();
                }
                peak.accumulateAndGet(usedHeap(), Math::max);
                try {
                    Thread.sleep(live ? 100 : 2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        listener = (notification, handback) -> {
            if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                afterGc.accumulateAndGet(info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(pool -> HEAP_POOLS.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum(), Math::max);
            }
        };
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        cpuBefore = processCpu();
    }

    /** Starts watching (after a full GC). */
    static HeapWatch start() {
        return new HeapWatch(false);
    }

    /**
     * Starts watching what the work really holds: a full GC every 100 ms and the heap used after
     * it (slows the work down; not for timing).
     */
    static HeapWatch live() {
        return new HeapWatch(true);
    }

    /** Stops watching; idempotent. */
    @Override
    public void close() {
        if (growth >= 0) {
            return;
        }
        cpu = processCpu() - cpuBefore;
        running.set(false);
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // never added
            }
        }
        growth = (live ? peak.get() : Math.max(peak.get(), afterGc.get())) - baseline;
    }

    /** The highest heap use seen above the baseline, once closed. */
    long growth() {
        return growth;
    }

    /** The process CPU time spent while watching, once closed. */
    long cpuNanos() {
        return cpu;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
