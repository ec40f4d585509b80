package dev.signoff.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays the workload controllers against the mock API server: when a Deployment, StatefulSet or
 * DaemonSet gets a new generation, it moves the status the way the real controller would
 * (observedGeneration, then updated, ready and available one pod at a time), unless the image is
 * set to misbehave: never ready, ProgressDeadlineExceeded, or pods in CrashLoopBackOff or
 * ImagePullBackOff. Pods exist only for the misbehaving cases, since only they are looked at.
 * Public for the end-to-end tests; {@link MockCluster#controller} makes one.
 */
public final class FakeController implements AutoCloseable {
    static final int NODES = 3;
    private static final long STEP_MILLIS = 15;

    public enum Outcome { HEALTHY, NEVER_READY, DEADLINE_EXCEEDED, CRASH_LOOP, IMAGE_PULL }

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Long> simulated = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    FakeController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        ResourceEventHandler<HasMetadata> handler = new ResourceEventHandler<>() {
            public void onAdd(HasMetadata obj) {
                changed(obj);
            }

            public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                changed(newObj);
            }

            public void onDelete(HasMetadata obj, boolean unknown) {
            }
        };
        informers.add(client.apps().deployments().inNamespace(namespace).inform(handler));
        informers.add(client.apps().statefulSets().inNamespace(namespace).inform(handler));
        informers.add(client.apps().daemonSets().inNamespace(namespace).inform(handler));
    }

    /** Rollouts of {@code image} (in any workload) end this way. */
    public FakeController when(String image, Outcome outcome) {
        outcomes.put(image, outcome);
        return this;
    }

    /** Rollouts of {@code image} in the workload {@code name} end this way. */
    public FakeController when(String name, String image, Outcome outcome) {
        outcomes.put(name + "|" + image, outcome);
        return this;
    }

    private void changed(HasMetadata obj) {
        Workload w = Workload.of(obj);
        long generation = w.generation();
        String key = w.ref().toString();
        if (observed(obj) >= generation || Objects.equals(simulated.put(key, generation), generation)) {
            return;
        }
        executor.execute(() -> simulate(w.ref(), generation));
    }

    private static long observed(HasMetadata obj) {
        return switch (obj) {
            case Deployment d -> d.getStatus() == null ? 0 : Objects.requireNonNullElse(d.getStatus().getObservedGeneration(), 0L);
            case StatefulSet s -> s.getStatus() == null ? 0 : Objects.requireNonNullElse(s.getStatus().getObservedGeneration(), 0L);
            case DaemonSet d -> d.getStatus() == null ? 0 : Objects.requireNonNullElse(d.getStatus().getObservedGeneration(), 0L);
            default -> Long.MAX_VALUE;
        };
    }

    private void simulate(WorkloadRef ref, long generation) {
        try {
            Workload w = current(ref);
            if (w == null || w.generation() != generation || observed(w.object()) >= generation) {
                return;
            }
            String image = w.containers().getFirst().getImage();
            Outcome outcome = outcomes.getOrDefault(ref.name() + "|" + image, outcomes.getOrDefault(image, Outcome.HEALTHY));
            int desired = w.isDaemonSet() ? NODES : w.desired();
            removeOldPods(w, image);
            switch (outcome) {
                case HEALTHY -> {
                    for (int i = 0; i <= desired; i++) {
                        if (!status(ref, generation, desired, i, i, desired, i == desired)) {
                            return;
                        }
                        Thread.sleep(STEP_MILLIS);
                    }
                }
                case NEVER_READY -> status(ref, generation, desired, Math.min(1, desired), 0, desired + 1, false);
                case DEADLINE_EXCEEDED -> {
                    status(ref, generation, desired, Math.min(1, desired), 0, desired + 1, false);
                    Thread.sleep(STEP_MILLIS * 5);
                    client.apps().deployments().inNamespace(namespace).withName(ref.name()).editStatus(d -> {
                        d.getStatus().setConditions(List.of(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                                .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet \"" + ref.name() + "-5d8f\" has timed out progressing.").build()));
                        return d;
                    });
                }
                case CRASH_LOOP, IMAGE_PULL -> {
                    status(ref, generation, desired, Math.min(1, desired), 0, desired + 1, false);
                    Thread.sleep(STEP_MILLIS * 3);
                    pod(w, image, outcome == Outcome.CRASH_LOOP ? "CrashLoopBackOff" : "ImagePullBackOff",
                            outcome == Outcome.CRASH_LOOP ? "back-off 10s restarting failed container=app"
                                    : "Back-off pulling image \"" + image + "\"");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KubernetesClientException | IllegalStateException e) {
            // the workload was deleted, or the test is over and the client closed
        }
    }

    private Workload current(WorkloadRef ref) {
        HasMetadata object = Workloads.resource(client, namespace, ref).get();
        return object == null ? null : Workload.of(object);
    }

    /** Writes one step of status; false when the workload has moved on to another generation (or is gone). */
    private boolean status(WorkloadRef ref, long generation, int desired, int updated, int ready, int total, boolean done) {
        for (int attempt = 0; ; attempt++) {
            try {
                return writeStatus(ref, generation, desired, updated, ready, total, done);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private boolean writeStatus(WorkloadRef ref, long generation, int desired, int updated, int ready, int total, boolean done) {
        Workload w = current(ref);
        if (w == null || w.generation() != generation) {
            return false;
        }
        switch (ref.kind()) {
            case "deployment" -> client.apps().deployments().inNamespace(namespace).withName(ref.name()).editStatus(d -> {
                DeploymentStatus s = new DeploymentStatus();
                s.setObservedGeneration(generation);
                s.setReplicas(total);
                s.setUpdatedReplicas(updated);
                s.setReadyReplicas(ready);
                s.setAvailableReplicas(ready);
                d.setStatus(s);
                return d;
            });
            case "statefulset" -> client.apps().statefulSets().inNamespace(namespace).withName(ref.name()).editStatus(st -> {
                StatefulSetStatus s = new StatefulSetStatus();
                s.setObservedGeneration(generation);
                s.setReplicas(desired);
                s.setUpdatedReplicas(updated);
                s.setReadyReplicas(done ? desired : Math.max(0, desired - 1));
                s.setAvailableReplicas(ready);
                s.setCurrentRevision(done ? "shop-" + generation : "shop-" + (generation - 1));
                s.setUpdateRevision("shop-" + generation);
                st.setStatus(s);
                return st;
            });
            default -> client.apps().daemonSets().inNamespace(namespace).withName(ref.name()).editStatus(ds -> {
                DaemonSetStatus s = new DaemonSetStatus();
                s.setObservedGeneration(generation);
                s.setDesiredNumberScheduled(desired);
                s.setCurrentNumberScheduled(desired);
                s.setUpdatedNumberScheduled(updated);
                s.setNumberReady(ready);
                s.setNumberAvailable(ready);
                ds.setStatus(s);
                return ds;
            });
        }
        return true;
    }

    private void pod(Workload w, String image, String reason, String message) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(w.ref().name() + "-7c9d4-x2k" + w.generation()).withNamespace(namespace)
                .withLabels(w.podLabels()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addToContainerStatuses(new ContainerStatusBuilder().withName("app").withImage(image)
                        .withReady(false).withRestartCount(4).withNewState().withNewWaiting().withReason(reason).withMessage(message)
                        .endWaiting().endState().build())
                .endStatus().build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    /** The old ReplicaSet's pods go away once a new template rolls out. */
    private void removeOldPods(Workload w, String image) {
        client.pods().inNamespace(namespace).withLabels(w.selector()).list().getItems().stream()
                .filter(p -> !image.equals(p.getSpec().getContainers().getFirst().getImage()))
                .forEach(p -> client.pods().inNamespace(namespace).resource(p).delete());
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        executor.shutdownNow();
        client.close();
    }
}
