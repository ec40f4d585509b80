package dev.signoff.kubernetes;

import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.spi.Deployer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1 (plain HTTP), with expectations for single
 * paths taking precedence (403s), plus the pipelines config and workload fixtures the tests
 * share. One server per test class; each test works in a namespace of its own. Public, with
 * {@link #writeKubeconfig}, {@link #deployment}, {@link #getDeployment}, {@link #image} and
 * {@link #controller}, for the end-to-end tests that run the application's own deployer against it.
 */
public final class MockCluster implements AutoCloseable {
    static final String OLD = "registry.example.com/shop@" + digest("old");
    static final ImageRef NEW_REF = new ImageRef("enterprise", "shop", null, Digest.parse(digest("new")));
    static final String NEW = "registry.example.com/shop@" + digest("new");
    static final Deployer.DeployContext CONTEXT = new Deployer.DeployContext("p-42", "alice", List.of("bob", "carol"), Deployer.Checkpoint.NONE);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    /** The mock server logs every request through java.util.logging; that costs more than the request. Held: JUL keeps loggers weakly. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }

    final KubernetesMockServer server;
    final NamespacedKubernetesClient client;
    final PipelineConfig config = new PipelineConfig(Map.of(), Map.of(),
            Map.of("enterprise", new RegistryConfig("enterprise", "registry.example.com", false, null),
                    "sandbox", new RegistryConfig("sandbox", "localhost:5000", true, null)),
            Map.of("dev", new ClusterConfig("dev", "dev-cluster")), Map.of());

    public MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    static String digest(String seed) {
        return Digest.sha256Of(seed).toString();
    }

    static String namespace() {
        return "ns" + NAMESPACES.incrementAndGet();
    }

    /** A deployer whose cluster {@code dev} is this mock server. */
    KubernetesDeployer deployer() {
        return new KubernetesDeployer(config, cluster -> server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig()));
    }

    /** The mock server's client, for tests that create and move other objects (Argo CD Applications). */
    public NamespacedKubernetesClient client() {
        return client;
    }

    public FakeController controller(String namespace) {
        return new FakeController(server.createClient(), namespace);
    }

    static DeployTarget target(String namespace, String kind, Strategy strategy) {
        return new DeployTarget("dev", namespace, kind, "shop", null, strategy, Duration.ofSeconds(10));
    }

    static DeployTarget target(String namespace, String kind, Strategy strategy, Duration timeout) {
        return new DeployTarget("dev", namespace, kind, "shop", null, strategy, timeout);
    }

    static PodTemplateSpec template(String app, String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec()
                .addToContainers(new ContainerBuilder().withName("app").withImage(image).build())
                .addToContainers(new ContainerBuilder().withName("metrics").withImage("prom/exporter:1").build())
                .endSpec().build();
    }

    /** A Deployment that has finished rolling out {@code image}, as the real controller leaves it (the mock keeps the status it is given). */
    public Deployment deployment(String namespace, String name, int replicas, String image) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", "shop").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "shop").endSelector()
                .withTemplate(template("shop", image)).endSpec()
                .withNewStatus().withObservedGeneration(1L)
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).endStatus()
                .build();
        return client.apps().deployments().inNamespace(namespace).resource(d).create();
    }

    StatefulSet statefulSet(String namespace, int replicas, String image, String updateStrategy) {
        StatefulSet s = new StatefulSetBuilder()
                .withNewMetadata().withName("shop").withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("shop").withNewSelector().addToMatchLabels("app", "shop").endSelector()
                .withNewUpdateStrategy().withType(updateStrategy).endUpdateStrategy()
                .withTemplate(template("shop", image)).endSpec()
                .withNewStatus().withObservedGeneration(1L)
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withCurrentRevision("shop-1").withUpdateRevision("shop-1").endStatus()
                .build();
        return client.apps().statefulSets().inNamespace(namespace).resource(s).create();
    }

    DaemonSet daemonSet(String namespace, String image) {
        DaemonSet d = new DaemonSetBuilder()
                .withNewMetadata().withName("shop").withNamespace(namespace).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "shop").endSelector()
                .withTemplate(template("shop", image)).endSpec()
                .withNewStatus().withObservedGeneration(1L)
                .withDesiredNumberScheduled(FakeController.NODES).withCurrentNumberScheduled(FakeController.NODES)
                .withUpdatedNumberScheduled(FakeController.NODES).withNumberReady(FakeController.NODES)
                .withNumberAvailable(FakeController.NODES).endStatus()
                .build();
        return client.apps().daemonSets().inNamespace(namespace).resource(d).create();
    }

    void service(String namespace, String name, Map<String, String> selector) {
        client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
    }

    public Deployment getDeployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    public static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    /**
     * Writes a kubeconfig whose only context, {@code context}, points at this server (plain HTTP,
     * a token the mock does not check), as a user's kubeconfig would point at a real cluster.
     */
    public Path writeKubeconfig(Path file, String context) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                users:
                  - name: tester
                    user:
                      token: not-checked-by-the-mock
                contexts:
                  - name: %s
                    context:
                      cluster: mock
                      user: tester
                current-context: %s
                """.formatted("http://127.0.0.1:" + server.getPort(), context, context);
        try {
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
