package dev.signoff.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment, StatefulSet or DaemonSet as read from the cluster, asked the questions a rollout
 * needs in one vocabulary. The three kinds differ in where they keep replicas and strategy; this
 * is the only place that knows.
 */
record Workload(WorkloadRef ref, HasMetadata object) {

    static Workload of(HasMetadata object) {
        String kind = switch (object) {
            case Deployment d -> "deployment";
            case StatefulSet s -> "statefulset";
            case DaemonSet d -> "daemonset";
            default -> throw new IllegalArgumentException(object.getKind() + " is not a workload Signoff deploys");
        };
        return new Workload(new WorkloadRef(kind, object.getMetadata().getName()), object);
    }

    long generation() {
        return Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
    }

    PodTemplateSpec template() {
        return switch (object) {
            case Deployment d -> d.getSpec().getTemplate();
            case StatefulSet s -> s.getSpec().getTemplate();
            case DaemonSet d -> d.getSpec().getTemplate();
            default -> throw new IllegalStateException();
        };
    }

    /** How many pods it should run: spec.replicas (default 1), or for a DaemonSet the nodes it is scheduled on. */
    int desired() {
        return switch (object) {
            case Deployment d -> Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
            case StatefulSet s -> Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
            case DaemonSet d -> d.getStatus() == null ? 0 : Objects.requireNonNullElse(d.getStatus().getDesiredNumberScheduled(), 0);
            default -> throw new IllegalStateException();
        };
    }

    boolean isDaemonSet() {
        return object instanceof DaemonSet;
    }

    /** The selector's matchLabels: the labels its pods carry and Services select them by. */
    Map<String, String> selector() {
        LabelSelector selector = switch (object) {
            case Deployment d -> d.getSpec().getSelector();
            case StatefulSet s -> s.getSpec().getSelector();
            case DaemonSet d -> d.getSpec().getSelector();
            default -> throw new IllegalStateException();
        };
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }

    /** The labels of its pods. */
    Map<String, String> podLabels() {
        var labels = template().getMetadata() == null ? null : template().getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** RollingUpdate, Recreate or OnDelete. */
    String updateStrategy() {
        String type = switch (object) {
            case Deployment d -> d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getType();
            case StatefulSet s -> s.getSpec().getUpdateStrategy() == null ? null : s.getSpec().getUpdateStrategy().getType();
            case DaemonSet d -> d.getSpec().getUpdateStrategy() == null ? null : d.getSpec().getUpdateStrategy().getType();
            default -> throw new IllegalStateException();
        };
        return type != null ? type : "RollingUpdate";
    }

    List<Container> containers() {
        return template().getSpec().getContainers();
    }

    /** The named container, or the first when {@code name} is null. */
    Optional<Container> container(String name) {
        return containers().stream().filter(c -> name == null || name.equals(c.getName())).findFirst();
    }

    String annotation(String key) {
        var annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
