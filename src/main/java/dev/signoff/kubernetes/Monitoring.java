package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.spi.ProgressListener;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stops monitoring an app in a namespace: deletes the Prometheus Operator's ServiceMonitors and
 * PodMonitors ({@code monitoring.coreos.com/v1}) that are the app's. An object is the app's when
 * it is named like the workload ({@code shop}) or labelled {@code app.kubernetes.io/name=shop};
 * every other object stays. A cluster without the Prometheus Operator (the API is not served)
 * has nothing to stop. Deleting what is already gone is fine, so running it again is safe.
 */
final class Monitoring {
    static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final List<ResourceDefinitionContext> KINDS = List.of(kind("ServiceMonitor", "servicemonitors"), kind("PodMonitor", "podmonitors"));

    String stop(Cluster cluster, DeployTarget target, ProgressListener progress) {
        String namespace = target.namespace();
        String app = target.workloadName();
        List<String> removed = new ArrayList<>();
        List<String> notServed = new ArrayList<>();
        for (ResourceDefinitionContext kind : KINDS) {
            List<GenericKubernetesResource> items;
            try {
                items = cluster.client().genericKubernetesResources(kind).inNamespace(namespace).list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    notServed.add(kind.getKind());
                    continue;
                }
                throw KubernetesErrors.translate(cluster, namespace, "list", kind.getPlural() + "." + kind.getGroup(), e);
            }
            for (GenericKubernetesResource item : items) {
                if (isTheApps(item, app)) {
                    KubernetesErrors.run(cluster, namespace, "delete", kind.getPlural() + "." + kind.getGroup(),
                            () -> cluster.client().genericKubernetesResources(kind).inNamespace(namespace).withName(item.getMetadata().getName()).delete());
                    removed.add(kind.getKind() + " " + item.getMetadata().getName());
                    progress.progress("removed " + removed.getLast());
                }
            }
        }
        String where = " in " + cluster.where(namespace);
        if (notServed.size() == KINDS.size()) {
            return "no monitoring to stop: the cluster does not serve monitoring.coreos.com (no Prometheus Operator)" + where;
        }
        return (removed.isEmpty() ? "no ServiceMonitor or PodMonitor of " + app + " was there" : "removed " + String.join(", ", removed)) + where;
    }

    private static boolean isTheApps(GenericKubernetesResource item, String app) {
        Map<String, String> labels = item.getMetadata().getLabels();
        return app.equals(item.getMetadata().getName()) || (labels != null && app.equals(labels.get(NAME_LABEL)));
    }

    private static ResourceDefinitionContext kind(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion("v1")
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }
}
