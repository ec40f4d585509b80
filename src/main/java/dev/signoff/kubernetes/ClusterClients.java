package dev.signoff.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.modulith.NamedInterface;

/**
 * The fabric8 client of a configured cluster, for other adapters that read or annotate resources
 * there (the GitOps module reads Argo CD Applications and Flux Kustomizations). One client per
 * cluster, shared, built from the kubeconfig context the config names.
 */
@NamedInterface("clients")
public interface ClusterClients {

    /** The cluster's client; a {@link dev.signoff.promotion.spi.StepFailure} names the cluster when there is none. */
    KubernetesClient client(String cluster);

    /** "cluster prod (context prod-cluster)", the way messages name it. */
    String describe(String cluster);
}
