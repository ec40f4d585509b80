package dev.signoff.kubernetes;

import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads and changes workloads of the three kinds. Changes are JSON patches computed from the
 * difference (fabric8's {@code edit}), so they touch only what Signoff means to change and leave
 * fields other tools own alone.
 */
final class Workloads {
    /** Annotations a copy must not inherit: they describe the original's own history. */
    private static final String REVISION = "deployment.kubernetes.io/revision";
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private Workloads() {
    }

    static Resource<? extends HasMetadata> resource(KubernetesClient client, String namespace, WorkloadRef ref) {
        return switch (ref.kind()) {
            case "deployment" -> client.apps().deployments().inNamespace(namespace).withName(ref.name());
            case "statefulset" -> client.apps().statefulSets().inNamespace(namespace).withName(ref.name());
            case "daemonset" -> client.apps().daemonSets().inNamespace(namespace).withName(ref.name());
            default -> throw new StepFailure("'" + ref.kind() + "' is not a workload kind Signoff deploys; the kinds are deployment, statefulset, daemonset", false);
        };
    }

    static Optional<Workload> find(Cluster cluster, String namespace, WorkloadRef ref) {
        HasMetadata object = KubernetesErrors.call(cluster, namespace, "get", ref.plural(), () -> resource(cluster.client(), namespace, ref).get());
        return Optional.ofNullable(object).map(Workload::of);
    }

    static Workload require(Cluster cluster, String namespace, WorkloadRef ref) {
        return find(cluster, namespace, ref).orElseThrow(() -> missing(cluster, namespace, ref));
    }

    static StepFailure missing(Cluster cluster, String namespace, WorkloadRef ref) {
        return new StepFailure(cluster.where(namespace) + ": " + ref + " does not exist", false);
    }

    /** The container Signoff sets (the named one, or the first); a missing name lists the ones there are. */
    static Container container(Cluster cluster, String namespace, Workload workload, String name) {
        return workload.container(name).orElseThrow(() -> new StepFailure(cluster.where(namespace) + ": " + workload.ref()
                + " has no container " + name + "; its containers are "
                + workload.containers().stream().map(Container::getName).collect(Collectors.joining(", ")), false));
    }

    /** Sets the container's image and records why; returns the workload as the API server answered. */
    static Workload setImage(Cluster cluster, String namespace, WorkloadRef ref, String container, Change change) {
        return edit(cluster, namespace, ref, object -> {
            Workload w = Workload.of(object);
            container(cluster, namespace, w, container).setImage(change.image());
            annotate(object, change.annotations());
        });
    }

    /** Sets spec.replicas (Deployment and StatefulSet) with a patch, so Signoff needs no access to the scale subresource. */
    static Workload scale(Cluster cluster, String namespace, WorkloadRef ref, int replicas) {
        return edit(cluster, namespace, ref, object -> {
            switch (object) {
                case Deployment d -> d.getSpec().setReplicas(replicas);
                case StatefulSet s -> s.getSpec().setReplicas(replicas);
                default -> throw new StepFailure(cluster.where(namespace) + ": " + ref + " cannot be scaled; a DaemonSet runs one pod per node", false);
            }
        });
    }

    static Workload edit(Cluster cluster, String namespace, WorkloadRef ref, Consumer<HasMetadata> change) {
        Resource<? extends HasMetadata> resource = resource(cluster.client(), namespace, ref);
        try {
            return Workload.of(KubernetesErrors.retryingConflicts(() -> editWith(resource, change)));
        } catch (KubernetesClientException e) {
            throw e.getCode() == 404 ? missing(cluster, namespace, ref) : KubernetesErrors.translate(cluster, namespace, "patch", ref.plural(), e);
        }
    }

    private static <T extends HasMetadata> T editWith(Resource<T> resource, Consumer<HasMetadata> change) {
        return resource.edit(object -> {
            change.accept(object);
            return object;
        });
    }

    static Workload create(Cluster cluster, String namespace, Deployment deployment) {
        return Workload.of(KubernetesErrors.call(cluster, namespace, "create", "deployments",
                () -> cluster.client().apps().deployments().inNamespace(namespace).resource(deployment).create()));
    }

    /** Creates {@code desired}, or brings the Deployment of that name to its template, replicas, labels and annotations. */
    static Workload upsert(Cluster cluster, String namespace, Deployment desired) {
        WorkloadRef ref = new WorkloadRef("deployment", desired.getMetadata().getName());
        if (find(cluster, namespace, ref).isEmpty()) {
            return create(cluster, namespace, desired);
        }
        return edit(cluster, namespace, ref, object -> {
            Deployment existing = (Deployment) object;
            existing.getSpec().setTemplate(desired.getSpec().getTemplate());
            existing.getSpec().setReplicas(desired.getSpec().getReplicas());
            existing.getMetadata().setLabels(desired.getMetadata().getLabels());
            annotate(existing, desired.getMetadata().getAnnotations());
        });
    }

    /** Deletes the workload if it is there; true when it was. */
    static boolean delete(Cluster cluster, String namespace, WorkloadRef ref) {
        return KubernetesErrors.call(cluster, namespace, "delete", ref.plural(),
                () -> !resource(cluster.client(), namespace, ref).delete().isEmpty());
    }

    /**
     * A new Deployment {@code name} made from {@code source}: the same pod template and selector,
     * plus the label {@code key=value} on itself, its selector and its pods (so it owns its own
     * pods while a Service that selects the app's labels still sends it traffic), with
     * {@code replicas} and the change applied.
     */
    static Deployment variant(Cluster cluster, Workload source, String name, String key, String value,
                              int replicas, String container, Change change) {
        Deployment copy = cluster.client().getKubernetesSerialization().clone((Deployment) source.object());
        ObjectMeta original = copy.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(original.getNamespace());
        meta.setLabels(with(original.getLabels(), key, value));
        Map<String, String> annotations = new LinkedHashMap<>(original.getAnnotations() == null ? Map.of() : original.getAnnotations());
        annotations.keySet().removeIf(k -> k.equals(REVISION) || k.equals(LAST_APPLIED) || k.startsWith("signoff.dev/"));
        meta.setAnnotations(annotations);
        copy.setMetadata(meta);
        copy.setStatus(null);
        copy.getSpec().setReplicas(replicas);
        copy.getSpec().getSelector().setMatchLabels(with(copy.getSpec().getSelector().getMatchLabels(), key, value));
        copy.getSpec().getTemplate().getMetadata().setLabels(with(copy.getSpec().getTemplate().getMetadata().getLabels(), key, value));
        Workload w = Workload.of(copy);
        container(cluster, original.getNamespace(), w, container).setImage(change.image());
        annotate(copy, change.annotations());
        return copy;
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> result = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        result.put(key, value);
        return result;
    }

    private static void annotate(HasMetadata object, Map<String, String> annotations) {
        Map<String, String> existing = object.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new LinkedHashMap<>(object.getMetadata().getAnnotations());
        existing.putAll(annotations);
        object.getMetadata().setAnnotations(existing);
    }
}
