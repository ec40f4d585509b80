package dev.signoff.kubernetes;

import dev.signoff.promotion.Durations;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for one workload to roll out a generation, without polling: two informers (the workload
 * by name, its pods by selector) wake the waiting thread on every change, and that thread alone
 * judges the state and reports progress, so the {@link ProgressListener} is only called from
 * the caller's thread. Informers list, then watch, and re-list after a dropped watch by
 * themselves. Each wait opens its informers and closes them when it returns. The waiting thread
 * also wakes every second to ask {@link ProgressListener#checkStopped()} whether the promotion was
 * aborted, so an abort stops the watch without interrupting anyone.
 */
final class RolloutWatch {
    /** How long the watch waits for a change before it asks whether to stop. */
    private static final long STOP_CHECK_NANOS = 1_000_000_000L;

    private final Cluster cluster;
    private final String namespace;
    private final WorkloadRef ref;

    RolloutWatch(Cluster cluster, String namespace, WorkloadRef ref) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.ref = ref;
    }

    /**
     * Returns once {@code ref} has rolled out {@code generation} with pods of {@code image};
     * fails when the workload reports it cannot progress, when pods of the image are stuck
     * (crash loop, image pull), or when {@code timeout} passes. {@code phase} prefixes progress
     * ("canary at 10%: ").
     */
    void await(long generation, String image, Duration timeout, String phase, ProgressListener progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore changed = new Semaphore(0);
        AtomicReference<Throwable> broken = new AtomicReference<>();
        ResourceEventHandler<Object> wake = new ResourceEventHandler<>() {
            public void onAdd(Object obj) {
                changed.release();
            }

            public void onUpdate(Object oldObj, Object newObj) {
                changed.release();
            }

            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                changed.release();
            }
        };
        try (SharedIndexInformer<? extends HasMetadata> workloads = start(ref.plural(),
                () -> Workloads.resource(cluster.client(), namespace, ref).inform(wake))) {
            watchFailures(workloads, broken, changed);
            Workload first = current(workloads);
            try (SharedIndexInformer<Pod> pods = start("pods", () -> cluster.client().pods().inNamespace(namespace)
                    .withLabels(first.selector()).inform(wake))) {
                watchFailures(pods, broken, changed);
                loop(generation, image, deadline, timeout, phase, progress, workloads, pods, changed, broken);
            }
        }
    }

    private void loop(long generation, String image, long deadline, Duration timeout, String phase, ProgressListener progress,
                      SharedIndexInformer<? extends HasMetadata> workloads, SharedIndexInformer<Pod> pods,
                      Semaphore changed, AtomicReference<Throwable> broken) {
        String last = null;
        while (true) {
            progress.checkStopped();
            Workload workload = current(workloads);
            RolloutStatus status = RolloutStatus.of(workload, generation);
            if (status.failure() != null) {
                throw new StepFailure(cluster.where(namespace) + ": " + ref + " " + status.failure(), false);
            }
            var stuck = RolloutStatus.stuckPods(pods.getStore().list(), image);
            if (stuck.isPresent()) {
                throw new StepFailure(cluster.where(namespace) + ": " + ref + " cannot roll out " + image + ": " + stuck.get(), false);
            }
            if (!status.progress().equals(last)) {
                last = status.progress();
                progress.progress(phase + last);
            }
            if (status.complete()) {
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new StepFailure(cluster.where(namespace) + ": " + ref + " did not finish rolling out within "
                        + Durations.format(timeout) + " (" + last + ")", false);
            }
            try {
                if (changed.tryAcquire(Math.min(remaining, STOP_CHECK_NANOS), TimeUnit.NANOSECONDS)) {
                    changed.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure(cluster.where(namespace) + ": stopped watching " + ref + " (Signoff is shutting down)", true);
            }
            Throwable failure = broken.get();
            if (failure != null) {
                throw failure instanceof KubernetesClientException k
                        ? KubernetesErrors.translate(cluster, namespace, "watch", ref.plural(), k)
                        : new StepFailure(cluster.where(namespace) + ": lost the watch on " + ref + ": " + failure.getMessage(), true, failure);
            }
        }
    }

    private Workload current(SharedIndexInformer<? extends HasMetadata> informer) {
        List<? extends HasMetadata> items = informer.getStore().list();
        if (items.isEmpty()) {
            throw Workloads.missing(cluster, namespace, ref);
        }
        return Workload.of(items.getFirst());
    }

    /** Starts an informer (list, then watch); blocks until it has listed. */
    private <T> SharedIndexInformer<T> start(String resource, java.util.function.Supplier<SharedIndexInformer<T>> inform) {
        try {
            return inform.get();
        } catch (KubernetesClientException e) {
            throw KubernetesErrors.translate(cluster, namespace, "watch", resource, e);
        }
    }

    private static void watchFailures(SharedIndexInformer<?> informer, AtomicReference<Throwable> broken, Semaphore changed) {
        informer.stopped().whenComplete((ignored, failure) -> {
            if (failure != null) {
                broken.compareAndSet(null, failure);
                changed.release();
            }
        });
    }
}
