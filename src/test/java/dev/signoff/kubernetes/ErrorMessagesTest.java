package dev.signoff.kubernetes;

import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.StepFailure;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.signoff.kubernetes.MockCluster.CONTEXT;
import static dev.signoff.kubernetes.MockCluster.NEW;
import static dev.signoff.kubernetes.MockCluster.NEW_REF;
import static dev.signoff.kubernetes.MockCluster.OLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("A deployment that cannot be carried out says why")
class ErrorMessagesTest {
    private static MockCluster cluster;
    private String namespace;
    private String where;
    private KubernetesDeployer deployer;

    @BeforeAll
    static void startServer() {
        cluster = new MockCluster();
    }

    @AfterAll
    static void stopServer() {
        cluster.close();
    }

    @BeforeEach
    void setUp() {
        namespace = MockCluster.namespace();
        where = "cluster dev (context dev-cluster), namespace " + namespace;
        deployer = cluster.deployer();
    }

    @AfterEach
    void tearDown() {
        deployer.close();
    }

    private DeployTarget rolling() {
        return MockCluster.target(namespace, "deployment", new Strategy.Rolling());
    }

    private static Status forbidden(String message, String kind, String group) {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure").withCode(403).withReason("Forbidden")
                .withMessage(message).withNewDetails().withKind(kind).withGroup(group).withName("shop").endDetails().build();
    }

    @Test
    @DisplayName("when the workload does not exist, naming cluster, context, namespace and workload")
    void missingWorkload() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> deployer.plan(rolling(), NEW_REF));

        assertThat(failure).hasMessage(where + ": deployment/shop does not exist");
        assertThat(failure.retryable()).isFalse();
        assertThatThrownBy(() -> deployer.apply(rolling(), NEW_REF, CONTEXT, d -> { }))
                .hasMessage(where + ": deployment/shop does not exist");
    }

    @Test
    @DisplayName("when the configured container is not in the workload, listing the ones there are")
    void missingContainer() {
        cluster.deployment(namespace, "shop", 1, OLD);
        DeployTarget target = new DeployTarget("dev", namespace, "deployment", "shop", "web", new Strategy.Rolling(), Duration.ofSeconds(5));

        assertThatThrownBy(() -> deployer.apply(target, NEW_REF, CONTEXT, d -> { }))
                .isInstanceOf(StepFailure.class)
                .hasMessage(where + ": deployment/shop has no container web; its containers are app, metrics");
    }

    @Test
    @DisplayName("when the service account may not patch the workload, naming the verb and resource from the 403")
    void forbiddenPatch() {
        cluster.deployment(namespace, "shop", 1, OLD);
        cluster.server.expect().patch().withPath("/apis/apps/v1/namespaces/" + namespace + "/deployments/shop")
                .andReturn(403, forbidden("deployments.apps \"shop\" is forbidden: User \"system:serviceaccount:signoff:signoff\" cannot patch"
                        + " resource \"deployments\" in API group \"apps\" in the namespace \"" + namespace + "\"", "deployments", "apps"))
                .once();

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> deployer.apply(rolling(), NEW_REF, CONTEXT, d -> { }));

        assertThat(failure).hasMessage(where + ": forbidden: system:serviceaccount:signoff:signoff may not patch deployments (API group apps)"
                + " here; grant the verb \"patch\" on \"deployments\" in Signoff's Role for this namespace");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("when the service account may not watch pods, naming the verb and the core resource")
    void forbiddenPods() {
        cluster.deployment(namespace, "shop", 1, OLD);
        cluster.server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods?labelSelector=app%3Dshop&resourceVersion=0")
                .andReturn(403, forbidden("pods is forbidden: User \"system:serviceaccount:signoff:signoff\" cannot list resource \"pods\""
                        + " in API group \"\" in the namespace \"" + namespace + "\"", "pods", ""))
                .once();
        var rollout = deployer.apply(rolling(), NEW_REF, CONTEXT, d -> { });

        assertThatThrownBy(() -> deployer.awaitRollout(rollout, d -> { }))
                .hasMessage(where + ": forbidden: system:serviceaccount:signoff:signoff may not list pods here;"
                        + " grant the verb \"list\" on \"pods\" in Signoff's Role for this namespace");
    }

    @Test
    @DisplayName("when a 403 carries only status details, naming the resource from them")
    void forbiddenWithDetailsOnly() {
        cluster.deployment(namespace, "shop", 1, OLD);
        cluster.server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/services/shop")
                .andReturn(403, forbidden("access denied", "services", "")).once();
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.BlueGreen("shop", Duration.ofMinutes(1)));

        assertThatThrownBy(() -> deployer.plan(target, NEW_REF))
                .hasMessage(where + ": forbidden: Signoff's service account may not get services here;"
                        + " grant the verb \"get\" on \"services\" in Signoff's Role for this namespace");
    }

    @Test
    @DisplayName("when the cluster does not answer, as a failure worth retrying")
    void unreachable() {
        var unreachable = new KubernetesDeployer(cluster.config, c -> new KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build())
                .build());
        try (unreachable) {
            StepFailure failure = catchThrowableOfType(StepFailure.class, () -> unreachable.plan(rolling(), NEW_REF));

            assertThat(failure).hasMessageStartingWith("cluster dev (context dev-cluster) is unreachable at http://127.0.0.1:1/: could not connect")
                    .hasMessageEndingWith("(while trying to get deployments)");
            assertThat(failure.retryable()).isTrue();
        }
    }

    @Test
    @DisplayName("when the API server fails, as a failure worth retrying")
    void serverError() {
        cluster.server.expect().get().withPath("/apis/apps/v1/namespaces/" + namespace + "/deployments/shop")
                .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd is unavailable").build()).once();

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> deployer.plan(rolling(), NEW_REF));

        assertThat(failure).hasMessage(where + ": could not get deployments (HTTP 503): etcd is unavailable");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    @DisplayName("only when a change keeps conflicting: a 409 is answered by reading again and patching again")
    void conflictIsRetried() {
        cluster.deployment(namespace, "shop", 1, OLD);
        cluster.server.expect().patch().withPath("/apis/apps/v1/namespaces/" + namespace + "/deployments/shop")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").withMessage("the object has been modified").build()).times(2);

        var rollout = deployer.apply(rolling(), NEW_REF, CONTEXT, d -> { });

        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(NEW);
        assertThat(rollout.previousImage()).isEqualTo(OLD);
    }

    @Test
    @DisplayName("when the kubeconfig has no such context, instead of falling back to its current one")
    void unknownContext(@TempDir Path dir) throws IOException {
        Path kubeconfig = kubeconfig(dir);
        var clients = new KubeconfigClients(kubeconfig.toFile());

        assertThatThrownBy(() -> clients.create(new ClusterConfig("dev", "dev-cluster")))
                .isInstanceOf(StepFailure.class)
                .hasMessage("cluster dev: the kubeconfig " + kubeconfig + " has no context dev-cluster; its contexts are kind-a, kind-b");
        try (var client = clients.create(new ClusterConfig("dev", "kind-b"))) {
            assertThat(client.getMasterUrl().toString()).startsWith("https://b.example.com:6443");
            assertThat(client.getNamespace()).isEqualTo("team-b");
        }
    }

    private static Path kubeconfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: kind-a
                clusters:
                - name: a
                  cluster: { server: "https://a.example.com:6443" }
                - name: b
                  cluster: { server: "https://b.example.com:6443" }
                users:
                - name: u
                  user: { token: not-a-real-token }
                contexts:
                - name: kind-a
                  context: { cluster: a, user: u }
                - name: kind-b
                  context: { cluster: b, user: u, namespace: team-b }
                """);
    }

    @Test
    @DisplayName("when the cluster is not in the pipelines config")
    void unknownCluster() {
        DeployTarget target = new DeployTarget("staging", namespace, "deployment", "shop", null, new Strategy.Rolling(), Duration.ofSeconds(5));

        assertThatThrownBy(() -> deployer.plan(target, NEW_REF))
                .hasMessage("cluster staging is not defined in the pipelines config; the clusters are dev");
    }

    @Test
    @DisplayName("when the image is not pinned to a digest, or its registry is not configured")
    void imageRefused() {
        cluster.deployment(namespace, "shop", 1, OLD);

        assertThatThrownBy(() -> deployer.apply(rolling(), new ImageRef("enterprise", "shop", "prod", null), CONTEXT, d -> { }))
                .hasMessage("refusing to deploy enterprise/shop:prod to dev/" + namespace + "/deployment/shop: Signoff deploys images by digest only");
        assertThatThrownBy(() -> deployer.apply(rolling(), new ImageRef("quay", "shop", null, NEW_REF.digest()), CONTEXT, d -> { }))
                .hasMessage("registry quay is not defined in the pipelines config; the registries are enterprise, sandbox");
        assertThat(MockCluster.image(cluster.getDeployment(namespace, "shop"))).isEqualTo(OLD);
    }

    @Test
    @DisplayName("when a canary is asked of a StatefulSet")
    void canaryNeedsDeployment() {
        cluster.statefulSet(namespace, 2, OLD, "RollingUpdate");
        DeployTarget target = MockCluster.target(namespace, "statefulset", new Strategy.Canary(List.of(50, 100), null));

        assertThatThrownBy(() -> deployer.apply(target, NEW_REF, CONTEXT, d -> { }))
                .hasMessage(where + ": the canary strategy needs a Deployment; statefulset/shop can roll out with the rolling strategy only");
    }

    @Test
    @DisplayName("when a StatefulSet only updates pods on delete")
    void onDelete() {
        cluster.statefulSet(namespace, 2, OLD, "OnDelete");

        assertThatThrownBy(() -> deployer.apply(MockCluster.target(namespace, "statefulset", new Strategy.Rolling()), NEW_REF, CONTEXT, d -> { }))
                .hasMessage(where + ": statefulset/shop uses updateStrategy OnDelete: its pods would keep the old image until someone"
                        + " deletes them; set updateStrategy to RollingUpdate");
    }

    @Test
    @DisplayName("when the blue-green Service is missing")
    void missingService() {
        cluster.deployment(namespace, "shop", 1, OLD);
        DeployTarget target = MockCluster.target(namespace, "deployment", new Strategy.BlueGreen("shop-web", Duration.ofMinutes(1)));

        assertThatThrownBy(() -> deployer.apply(target, NEW_REF, CONTEXT, d -> { }))
                .hasMessage(where + ": service shop-web does not exist; blue-green switches it between shop-blue and shop-green");
    }
}
