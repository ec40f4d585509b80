package dev.signoff.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;

/** A configured cluster and its client; {@code context} is null for the in-cluster service account. */
record Cluster(String name, String context, KubernetesClient client) {

    /** "cluster dev (context dev-cluster)", the way every message names the cluster. */
    String describe() {
        return "cluster " + name + (context != null ? " (context " + context + ")" : " (in-cluster)");
    }

    /** "cluster dev (context dev-cluster), namespace shop". */
    String where(String namespace) {
        return describe() + ", namespace " + namespace;
    }
}
