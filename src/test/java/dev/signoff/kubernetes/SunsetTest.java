package dev.signoff.kubernetes;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A sunset")
class SunsetTest extends ClusterTest {

    private void ingress(String name, String... services) {
        var builder = new IngressBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewRule().withHost(name + ".example.com").withNewHttp().endHttp().endRule().endSpec();
        Ingress ingress = builder.build();
        for (String service : services) {
            ingress.getSpec().getRules().getFirst().getHttp().getPaths().add(new io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder()
                    .withPath("/" + service).withPathType("Prefix")
                    .withNewBackend().withNewService().withName(service).withNewPort().withNumber(80).endPort().endService().endBackend().build());
        }
        cluster.client.network().v1().ingresses().inNamespace(namespace).resource(ingress).create();
    }

    private List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).sorted().toList();
    }

    @Test
    @DisplayName("scales the Deployment to zero and removes the Services that select it and the Ingresses that route only to them")
    void deployment() {
        cluster.deployment(namespace, "shop", 3, OLD);
        cluster.deployment(namespace, "other", 1, "other:1").getMetadata();
        cluster.client.apps().deployments().inNamespace(namespace).withName("other").edit(d -> {
            d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "other"));
            d.getSpec().getSelector().setMatchLabels(Map.of("app", "other"));
            return d;
        });
        cluster.service(namespace, "shop", Map.of("app", "shop"));
        cluster.service(namespace, "shop-metrics", Map.of("app", "shop"));
        cluster.service(namespace, "other", Map.of("app", "other"));
        ingress("shop", "shop");
        ingress("portal", "shop", "other");
        ingress("other", "other");

        String summary = deployer.decommission(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), progress::add);

        assertThat(summary).isEqualTo("scaled deployment/shop to zero; removed ingress shop, service shop, service shop-metrics;"
                + " kept ingress portal (it also routes to other services) in cluster dev (context dev-cluster), namespace " + namespace);
        assertThat(cluster.getDeployment(namespace, "shop").getSpec().getReplicas()).isZero();
        assertThat(names(cluster.client.services().inNamespace(namespace).list().getItems())).containsExactly("other");
        assertThat(names(cluster.client.network().v1().ingresses().inNamespace(namespace).list().getItems())).containsExactly("other", "portal");
        assertThat(cluster.getDeployment(namespace, "other").getSpec().getReplicas()).isEqualTo(1);
        assertThat(progress).contains("removed ingress shop", "removed service shop", "scaled deployment/shop to zero");
    }

    @Test
    @DisplayName("of a workload that does not exist says so and removes nothing")
    void missing() {
        cluster.service(namespace, "shop", Map.of("app", "shop"));

        assertThatThrownBy(() -> deployer.decommission(MockCluster.target(namespace, "deployment", new Strategy.Rolling()), progress::add))
                .hasMessage("cluster dev (context dev-cluster), namespace " + namespace + ": deployment/shop does not exist");
        assertThat(cluster.client.services().inNamespace(namespace).withName("shop").get()).isNotNull();
    }

    @Test
    @DisplayName("deletes a DaemonSet, since it cannot be scaled to zero, and says so")
    void daemonSet() {
        cluster.daemonSet(namespace, OLD);

        String summary = deployer.decommission(MockCluster.target(namespace, "daemonset", new Strategy.Rolling()), progress::add);

        assertThat(summary).isEqualTo("deleted daemonset/shop (a DaemonSet cannot be scaled to zero); no Service or Ingress pointed at it"
                + " in cluster dev (context dev-cluster), namespace " + namespace);
        assertThat(cluster.client.apps().daemonSets().inNamespace(namespace).withName("shop").get()).isNull();
    }

    @Test
    @DisplayName("of a blue-green app scales both colours to zero and removes the switched Service, also when the plain Deployment is gone")
    void blueGreen() {
        cluster.deployment(namespace, "shop-blue", 0, OLD);
        cluster.deployment(namespace, "shop-green", 2, OLD);
        cluster.client.apps().deployments().inNamespace(namespace).withName("shop-green").edit(d -> {
            d.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "shop", "signoff.dev/color", "green"));
            return d;
        });
        cluster.service(namespace, "shop", Map.of("app", "shop", "signoff.dev/color", "green"));
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.BlueGreen("shop", Duration.ofMinutes(30)));

        String summary = deployer.decommission(target, progress::add);

        assertThat(summary).startsWith("scaled deployment/shop-blue to zero, scaled deployment/shop-green to zero; removed service shop");
        assertThat(cluster.getDeployment(namespace, "shop-green").getSpec().getReplicas()).isZero();
        assertThat(cluster.client.services().inNamespace(namespace).withName("shop").get()).isNull();
    }
}
