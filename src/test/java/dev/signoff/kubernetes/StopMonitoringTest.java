package dev.signoff.kubernetes;

import dev.signoff.promotion.Strategy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Stopping monitoring at sunset")
class StopMonitoringTest extends ClusterTest {
    private static final ResourceDefinitionContext SERVICE_MONITORS = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com").withVersion("v1").withKind("ServiceMonitor").withPlural("servicemonitors").withNamespaced(true).build();
    private static final ResourceDefinitionContext POD_MONITORS = new ResourceDefinitionContext.Builder()
            .withGroup("monitoring.coreos.com").withVersion("v1").withKind("PodMonitor").withPlural("podmonitors").withNamespaced(true).build();

    private void monitor(ResourceDefinitionContext kind, String name, Map<String, String> labels) {
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion("monitoring.coreos.com/v1").withKind(kind.getKind())
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("selector", Map.of("matchLabels", Map.of("app", name)),
                        "endpoints", List.of(Map.of("port", "metrics")))))
                .build();
        cluster.client.genericKubernetesResources(kind).inNamespace(namespace).resource(resource).create();
    }

    private List<String> names(ResourceDefinitionContext kind) {
        return cluster.client.genericKubernetesResources(kind).inNamespace(namespace).list().getItems().stream()
                .map(r -> r.getMetadata().getName()).sorted().toList();
    }

    @Test
    @DisplayName("deletes the ServiceMonitors and PodMonitors named like the workload or labelled with its name, and keeps the others")
    void removesTheAppsOnly() {
        monitor(SERVICE_MONITORS, "shop", Map.of());
        monitor(SERVICE_MONITORS, "shop-metrics", Map.of("app.kubernetes.io/name", "shop"));
        monitor(SERVICE_MONITORS, "other", Map.of("app.kubernetes.io/name", "other"));
        monitor(POD_MONITORS, "shop-pods", Map.of("app.kubernetes.io/name", "shop"));
        monitor(POD_MONITORS, "shopping", Map.of());

        String summary = deployer.stopMonitoring(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), progress::add);

        assertThat(summary).isEqualTo("removed ServiceMonitor shop, ServiceMonitor shop-metrics, PodMonitor shop-pods"
                + " in cluster dev (context dev-cluster), namespace " + namespace);
        assertThat(names(SERVICE_MONITORS)).containsExactly("other");
        assertThat(names(POD_MONITORS)).containsExactly("shopping");
        assertThat(progress).containsExactly("removed ServiceMonitor shop", "removed ServiceMonitor shop-metrics", "removed PodMonitor shop-pods");
    }

    @Test
    @DisplayName("says when nothing was there, and so is safe to run again")
    void nothingThere() {
        monitor(SERVICE_MONITORS, "shop", Map.of());
        deployer.stopMonitoring(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), progress::add);

        String again = deployer.stopMonitoring(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), progress::add);

        assertThat(again).isEqualTo("no ServiceMonitor or PodMonitor of shop was there in cluster dev (context dev-cluster), namespace " + namespace);
    }

    @Test
    @DisplayName("a cluster without the Prometheus Operator's API has no monitoring to stop")
    void noOperator() {
        String path = "/apis/monitoring.coreos.com/v1/namespaces/" + namespace;
        cluster.server.expect().get().withPath(path + "/servicemonitors").andReturn(404, "{\"kind\":\"Status\",\"code\":404}").always();
        cluster.server.expect().get().withPath(path + "/podmonitors").andReturn(404, "{\"kind\":\"Status\",\"code\":404}").always();

        String summary = deployer.stopMonitoring(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), progress::add);

        assertThat(summary).startsWith("no monitoring to stop: the cluster does not serve monitoring.coreos.com");
    }
}
