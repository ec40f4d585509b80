package dev.signoff.kubernetes;

import dev.signoff.promotion.PipelineConfig;
import org.springframework.stereotype.Component;

/** {@link ClusterClients} from the kubeconfig, the way the deployer builds its own. */
@Component
class KubeconfigClusterClients implements ClusterClients, AutoCloseable {
    private final Clusters clusters;

    KubeconfigClusterClients(PipelineConfig config) {
        this.clusters = new Clusters(config, new KubeconfigClients(null));
    }

    @Override
    public io.fabric8.kubernetes.client.KubernetesClient client(String cluster) {
        return clusters.get(cluster).client();
    }

    @Override
    public String describe(String cluster) {
        return clusters.get(cluster).describe();
    }

    @Override
    public void close() {
        clusters.close();
    }
}
