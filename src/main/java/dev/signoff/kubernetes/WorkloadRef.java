package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;

/** A workload by kind ({@code deployment}, {@code statefulset}, {@code daemonset}) and name. */
record WorkloadRef(String kind, String name) {

    static WorkloadRef of(DeployTarget target) {
        return new WorkloadRef(target.workloadKind(), target.workloadName());
    }

    WorkloadRef named(String otherName) {
        return new WorkloadRef(kind, otherName);
    }

    /** The resource name RBAC and error messages use: "deployments". */
    String plural() {
        return kind + "s";
    }

    boolean isDeployment() {
        return kind.equals("deployment");
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
