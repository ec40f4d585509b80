package dev.signoff.kubernetes;

import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One fabric8 client per configured cluster, built on first use and kept until the application
 * stops: clients are thread-safe and hold a connection pool, so promotions running at the same
 * time share them. A client that could not be built is not cached; the next use tries again.
 */
final class Clusters implements AutoCloseable {

    /** Builds the client for a cluster; tests hand in one that returns the mock server's client. */
    @FunctionalInterface
    interface ClientFactory {
        KubernetesClient create(ClusterConfig cluster);
    }

    private final PipelineConfig config;
    private final ClientFactory factory;
    private final ConcurrentMap<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    Clusters(PipelineConfig config, ClientFactory factory) {
        this.config = config;
        this.factory = factory;
    }

    Cluster get(String name) {
        ClusterConfig cluster = config.clusters().get(name);
        if (cluster == null) {
            throw new StepFailure("cluster " + name + " is not defined in the pipelines config; the clusters are "
                    + String.join(", ", config.clusters().keySet().stream().sorted().toList()), false);
        }
        KubernetesClient client = clients.computeIfAbsent(name, n -> create(cluster));
        return new Cluster(name, cluster.context(), client);
    }

    private KubernetesClient create(ClusterConfig cluster) {
        try {
            return factory.create(cluster);
        } catch (StepFailure e) {
            throw e;
        } catch (RuntimeException e) {
            Cluster described = new Cluster(cluster.name(), cluster.context(), null);
            throw new StepFailure(described.describe() + ": cannot set up a client: " + e.getMessage(), false, e);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
