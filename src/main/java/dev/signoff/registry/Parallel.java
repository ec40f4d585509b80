package dev.signoff.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.signoff.promotion.spi.StepFailure;

/** Blob work on a small pool of threads: the first failure cancels the rest and is thrown. */
final class Parallel {
    private Parallel() {
    }

    /** Words a failure of the work, as {@link Store#failure} does. */
    @FunctionalInterface
    interface Failure {
        StepFailure of(String what, boolean retryable, Throwable cause);
    }

    /**
     * Runs {@code work} on each item, {@code threads} at a time, and returns the results in order.
     * A failure that is not a {@link StepFailure} is worded by {@code failure}.
     */
    static <I, T> List<T> run(List<I> items, int threads, Function<I, T> work, Failure failure) {
        if (items.isEmpty()) {
            return List.of();
        }
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "signoff-blobs-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StepFailure stepFailure) {
                throw stepFailure;
            }
            throw failure.of("copying blobs: " + e.getCause(), false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.of("copying blobs: interrupted", true, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
