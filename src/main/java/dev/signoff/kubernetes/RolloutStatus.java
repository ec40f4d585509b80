package dev.signoff.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a rollout stands, judged from the workload's status the way {@code kubectl rollout
 * status} judges it: the controller has seen the change (observedGeneration), every pod runs the
 * new template (updated), no old pod is left, and the new ones are available. {@code failure}
 * is set when the rollout cannot finish by itself.
 */
record RolloutStatus(boolean complete, String progress, String failure) {
    /** Waiting reasons of a container that will not become ready without a change. */
    private static final Set<String> STUCK = Set.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull",
            "InvalidImageName", "CreateContainerConfigError");

    static RolloutStatus of(Workload workload, long generation) {
        return switch (workload.object()) {
            case Deployment d -> deployment(d, workload.desired(), generation);
            case StatefulSet s -> statefulSet(s, workload.desired(), generation);
            case DaemonSet d -> daemonSet(d, generation);
            default -> throw new IllegalStateException();
        };
    }

    private static RolloutStatus deployment(Deployment d, int desired, long generation) {
        var status = d.getStatus();
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            return failed("is paused, so it will not roll out; resume it with kubectl rollout resume");
        }
        if (status == null || n(status.getObservedGeneration()) < generation) {
            return waiting("waiting for the controller to pick up the change");
        }
        var deadline = status.getConditions() == null ? Optional.<io.fabric8.kubernetes.api.model.apps.DeploymentCondition>empty()
                : status.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()) && "ProgressDeadlineExceeded".equals(c.getReason()))
                .findFirst();
        int updated = n(status.getUpdatedReplicas());
        int available = n(status.getAvailableReplicas());
        int total = n(status.getReplicas());
        String progress = updated + " of " + desired + " updated, " + available + " available"
                + (total > updated ? ", " + (total - updated) + " old left" : "");
        if (deadline.isPresent()) {
            return new RolloutStatus(false, progress, "made no progress before its deadline (ProgressDeadlineExceeded"
                    + (deadline.get().getMessage() != null ? ": " + deadline.get().getMessage() : "") + "); " + progress);
        }
        return new RolloutStatus(updated >= desired && total <= updated && available >= desired, progress, null);
    }

    private static RolloutStatus statefulSet(StatefulSet s, int desired, long generation) {
        var status = s.getStatus();
        if (status == null || n(status.getObservedGeneration()) < generation) {
            return waiting("waiting for the controller to pick up the change");
        }
        var rolling = s.getSpec().getUpdateStrategy() == null ? null : s.getSpec().getUpdateStrategy().getRollingUpdate();
        int partition = rolling == null ? 0 : n(rolling.getPartition());
        int updated = n(status.getUpdatedReplicas());
        int ready = n(status.getReadyReplicas());
        String progress = updated + " of " + desired + " updated, " + ready + " ready";
        boolean revisionDone = partition > 0 || status.getUpdateRevision() == null
                || status.getUpdateRevision().equals(status.getCurrentRevision());
        return new RolloutStatus(updated >= desired - partition && ready >= desired && revisionDone, progress, null);
    }

    private static RolloutStatus daemonSet(DaemonSet d, long generation) {
        var status = d.getStatus();
        if (status == null || n(status.getObservedGeneration()) < generation) {
            return waiting("waiting for the controller to pick up the change");
        }
        int desired = n(status.getDesiredNumberScheduled());
        int updated = n(status.getUpdatedNumberScheduled());
        int available = n(status.getNumberAvailable());
        String progress = updated + " of " + desired + " nodes updated, " + available + " available";
        return new RolloutStatus(updated >= desired && available >= desired, progress, null);
    }

    /**
     * The first pods running {@code image} whose containers are stuck, named with the reason:
     * "pod shop-7d9f-x2k is in CrashLoopBackOff (back-off 5m0s restarting failed container)".
     * Only pods of the new image count: an old pod's trouble is not this rollout's.
     */
    static Optional<String> stuckPods(List<Pod> pods, String image) {
        List<String> stuck = pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getSpec() != null && p.getSpec().getContainers().stream().anyMatch(c -> image.equals(c.getImage())))
                .flatMap(p -> stuckContainer(p).map(reason -> "pod " + p.getMetadata().getName() + " is in " + reason).stream())
                .sorted()
                .toList();
        if (stuck.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", stuck.subList(0, Math.min(3, stuck.size())))
                + (stuck.size() > 3 ? " and " + (stuck.size() - 3) + " more" : ""));
    }

    private static Optional<String> stuckContainer(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return Stream.concat(statuses(pod.getStatus().getInitContainerStatuses()), statuses(pod.getStatus().getContainerStatuses()))
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null && STUCK.contains(c.getState().getWaiting().getReason()))
                .findFirst()
                .map(c -> c.getState().getWaiting().getReason() + " (container " + c.getName()
                        + (c.getState().getWaiting().getMessage() != null ? ": " + c.getState().getWaiting().getMessage() : "") + ")");
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream();
    }

    private static RolloutStatus waiting(String progress) {
        return new RolloutStatus(false, progress, null);
    }

    private static RolloutStatus failed(String failure) {
        return new RolloutStatus(false, failure, failure);
    }

    private static int n(Integer value) {
        return Objects.requireNonNullElse(value, 0);
    }

    private static long n(Long value) {
        return Objects.requireNonNullElse(value, 0L);
    }
}
