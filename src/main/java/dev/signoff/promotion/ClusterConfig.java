package dev.signoff.promotion;

/** A Kubernetes cluster: a kubeconfig context, or null for the in-cluster service account. */
public record ClusterConfig(String name, String context) {
}
