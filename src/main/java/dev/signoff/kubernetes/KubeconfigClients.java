package dev.signoff.kubernetes;

import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.File;
import java.util.stream.Collectors;

/**
 * Clients from the kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}) by context name, or,
 * for a cluster without a context, fabric8's auto-configuration: the pod's service account when
 * Signoff runs in a cluster (where there is no kubeconfig).
 */
final class KubeconfigClients implements Clusters.ClientFactory {
    /**
     * fabric8 retries a failed request up to 10 times with exponential back-off (about 100 s in
     * all); a card that waits for a plan, or a rollout that waits for a cluster that is gone,
     * should hear about it within seconds instead.
     */
    private static final int RETRIES = 3;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final File kubeconfig;

    /** {@code kubeconfig} null: the usual places; otherwise that file only. */
    KubeconfigClients(File kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    @Override
    public KubernetesClient create(ClusterConfig cluster) {
        Config config = config(cluster);
        config.setRequestRetryBackoffLimit(RETRIES);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    Config config(ClusterConfig cluster) {
        String context = cluster.context();
        Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig) : Config.autoConfigure(context);
        // fabric8 silently falls back to the current context when the named one is missing: that
        // would deploy to whatever cluster the kubeconfig happens to point at.
        if (context != null && (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName()))) {
            if (config.getContexts() == null || config.getContexts().isEmpty()) {
                throw new StepFailure("cluster " + cluster.name() + ": no kubeconfig with contexts was found"
                        + (kubeconfig != null ? " in " + kubeconfig : " (KUBECONFIG or ~/.kube/config)") + ", so there is no context " + context, false);
            }
            String known = config.getContexts().stream().map(NamedContext::getName).sorted().collect(Collectors.joining(", "));
            throw new StepFailure("cluster " + cluster.name() + ": the kubeconfig" + (kubeconfig != null ? " " + kubeconfig : "")
                    + " has no context " + context + "; its contexts are " + known, false);
        }
        return config;
    }
}
