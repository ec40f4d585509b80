package dev.signoff.promotion;

import java.time.Duration;

/**
 * Where a stage deploys: a cluster (by config name), a namespace, a workload {@code kind/name},
 * optionally the container to set (default: the first), the rollout strategy and how long a
 * rollout may take before it counts as failed.
 */
public record DeployTarget(String cluster, String namespace, String workloadKind, String workloadName,
                           String container, Strategy strategy, Duration timeout) {

    public String workload() {
        return workloadKind + "/" + workloadName;
    }

    @Override
    public String toString() {
        return cluster + "/" + namespace + "/" + workload();
    }
}
