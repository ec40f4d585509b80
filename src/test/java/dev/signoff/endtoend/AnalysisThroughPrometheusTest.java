package dev.signoff.endtoend;

import dev.signoff.analysis.LocalPrometheus;
import dev.signoff.kubernetes.FakeController;
import dev.signoff.kubernetes.MockCluster;
import dev.signoff.promotion.AuditEntry;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.AuditLog;
import dev.signoff.testing.FakeRegistry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts judged by their metrics, with the application's own Prometheus client against a real
 * Prometheus that scrapes a target whose figures the test sets, and its own fabric8 deployer
 * against fabric8's mock API server with the test controller. Each story is its own app (and
 * namespace), deploying {@code deployment/shop}; the figures are keyed by namespace and workload,
 * so the canary ({@code shop-canary}) and the stable workload can differ. Images come from an
 * in-memory registry: copies are not what is tested here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:analysis;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import(AnalysisThroughPrometheusTest.InMemoryRegistry.class)
@DirtiesContext
@DisplayName("Rollouts judged by their metrics, through a real Prometheus and the real Kubernetes deployer")
class AnalysisThroughPrometheusTest {
    private static final String OLD = "localhost:5000/shop@" + Digest.sha256Of("as it ran before");
    private static final String CANARY = "{ canary: { steps: [50, 100], pause: 1s } }";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final Harness harness = new Harness(Map.of(
            "healthy", CANARY, "broken", CANARY, "rolling", "rolling", "unclear", "rolling", "abandoned", "rolling"));

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    @Autowired
    AuditLog audit;

    @DynamicPropertySource
    static void pipelines(DynamicPropertyRegistry registry) {
        registry.add("signoff.pipelines", () -> harness.pipelines.toString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryRegistry {
        @Bean
        @Primary
        FakeRegistry fakeRegistry() {
            return new FakeRegistry();
        }
    }

    /** Puts build {@code seed} of {@code app} in the registry, promotes it to prod and waits for the card. */
    private JsonNode promote(Console console, String app, String seed) {
        Digest digest = Digest.sha256Of(seed);
        registry.push("sandbox/" + app + ":v2", digest);
        harness.cluster.deployment(app, "shop", 2, OLD);
        console.say("alice", app, "/signoff promote " + app + " v2 to prod");
        return await().atMost(PATIENCE).until(() -> console.card(app, "Promote " + app + " to prod"), c -> c != null);
    }

    private static String finalStatus(Console console, String app) {
        return await().atMost(PATIENCE).until(() -> console.cardStatus(app, "Promote " + app + " to prod"),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back") || s.startsWith("Aborted"));
    }

    private static List<String> steps(JsonNode message) {
        List<String> steps = new ArrayList<>();
        message.get("card").get("steps").forEach(s -> steps.add(s.asString()));
        return steps;
    }

    private List<AuditEntry> measurements(Console console, String app) {
        String id = console.latestPromotion(app, "prod").get("id").asString();
        return audit.entries(id, 1000).stream().filter(e -> e.action().startsWith("measure ")).toList();
    }

    @Test
    @DisplayName("a healthy canary is measured at its step and after the rollout, and goes to 100% on its own")
    void healthyCanary() {
        harness.errorRatio("healthy", "shop-canary", 0.001);
        harness.errorRatio("healthy", "shop", 0.002);
        Console console = new Console(port);

        promote(console, "healthy", "healthy build");

        assertThat(finalStatus(console, "healthy")).startsWith("Done");
        JsonNode card = console.card("healthy", "Promote healthy to prod");
        assertThat(steps(card)).contains(
                "✓ canary analysis — passed (canary at 50%, deployment/shop-canary): error-rate 0.001 ≤ 0.05 ✓ 2 of 2",
                "✓ analysis — passed (after the rollout, deployment/shop): error-rate 0.002 ≤ 0.05 ✓ 2 of 2");
        assertThat(MockCluster.image(harness.cluster.getDeployment("healthy", "shop"))).isEqualTo("localhost:5000/healthy@" + Digest.sha256Of("healthy build"));
        assertThat(harness.cluster.getDeployment("healthy", "shop-canary")).isNull();
        assertThat(measurements(console, "healthy")).as("every measurement is in the audit log").hasSize(4)
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo("passed"))
                .anySatisfy(e -> assertThat(e.detail()).isEqualTo("canary at 50%, deployment/shop-canary: error-rate 0.001 ≤ 0.05 ✓ 1 of 2"
                        + " (app_error_ratio{namespace=\"healthy\",workload=\"shop-canary\"})"));
    }

    @Test
    @DisplayName("a canary whose error rate rises is aborted at its step: the card has the numbers, the canary is removed, the stable Deployment untouched")
    void brokenCanary() {
        harness.errorRatio("broken", "shop-canary", 0.2);
        Console console = new Console(port);

        promote(console, "broken", "broken build");

        String status = finalStatus(console, "broken");
        assertThat(status).startsWith("Failed: analysis failed (canary at 50%, deployment/shop-canary): error-rate measured 0.2 (limit ≤ 0.05)");
        assertThat(harness.cluster.getDeployment("broken", "shop-canary")).isNull();
        Deployment stable = harness.cluster.getDeployment("broken", "shop");
        assertThat(MockCluster.image(stable)).isEqualTo(OLD);
        assertThat(stable.getMetadata().getGeneration()).isEqualTo(1);
        assertThat(measurements(console, "broken")).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("failed"));
    }

    @Test
    @DisplayName("a rolling deploy whose metrics fail after the rollout is rolled back")
    void rollingRolledBack() {
        harness.errorRatio("rolling", "shop", 0.3);
        Console console = new Console(port);

        promote(console, "rolling", "rolling build");

        String status = finalStatus(console, "rolling");
        assertThat(status).startsWith("Rolled back: analysis failed (after the rollout, deployment/shop): error-rate measured 0.3 (limit ≤ 0.05)")
                .contains("rolled back to " + OLD);
        assertThat(MockCluster.image(harness.cluster.getDeployment("rolling", "shop"))).isEqualTo(OLD);
    }

    @Test
    @DisplayName("an inconclusive check (no data) pauses with Continue and Abort, naming who is asked; Continue carries on")
    void inconclusiveThenContinue() {
        Console console = new Console(port);
        promote(console, "unclear", "unclear build");

        JsonNode paused = await().atMost(PATIENCE).until(() -> console.card("unclear", "Promote unclear to prod"),
                m -> m.get("card").get("status").asString().equals("Paused"));
        assertThat(paused.get("card").get("buttons")).extracting(b -> b.get("actionId").asString()).containsExactly("continue", "abort");
        assertThat(steps(paused)).anySatisfy(s -> assertThat(s).startsWith("… pause — analysis inconclusive (after the rollout, deployment/shop): "
                + "error-rate measured —, — (limit ≤ 0.05): no sample; alice: go on?; click Continue or Abort, or it aborts by itself after 1m"));

        console.click("alice", paused.get("id").asString(), "continue");

        assertThat(finalStatus(console, "unclear")).startsWith("Done");
        assertThat(steps(console.card("unclear", "Promote unclear to prod")))
                .anySatisfy(s -> assertThat(s).startsWith("✓ analysis — inconclusive (after the rollout, deployment/shop), continued by alice"));
        assertThat(measurements(console, "unclear")).hasSize(2).allSatisfy(e -> assertThat(e.outcome()).isEqualTo("inconclusive"));
    }

    @Test
    @DisplayName("an inconclusive check that someone aborts rolls the deploy back")
    void inconclusiveThenAbort() {
        Console console = new Console(port);
        promote(console, "abandoned", "abandoned build");
        JsonNode paused = await().atMost(PATIENCE).until(() -> console.card("abandoned", "Promote abandoned to prod"),
                m -> m.get("card").get("status").asString().equals("Paused"));

        console.click("alice", paused.get("id").asString(), "abort");

        assertThat(finalStatus(console, "abandoned")).startsWith("Aborted: aborted by alice; rolled back to ");
        assertThat(steps(console.card("abandoned", "Promote abandoned to prod")))
                .anySatisfy(s -> assertThat(s).startsWith("✗ pause — aborted by alice at: analysis inconclusive"));
        assertThat(MockCluster.image(harness.cluster.getDeployment("abandoned", "shop"))).isEqualTo(OLD);
    }

    /**
     * Prometheus, the mock cluster with a controller per namespace, the kubeconfig (named in the
     * {@code kubeconfig} system property, which fabric8 reads) and the pipelines file: one app
     * per story, each with one stage {@code prod} that deploys {@code deployment/shop} in the
     * namespace of the app's name with the given strategy and analyses it.
     */
    static final class Harness implements BeforeAllCallback, AfterAllCallback {
        private final Map<String, String> apps;
        private final LocalPrometheus prometheus = new LocalPrometheus();
        private final Map<String, FakeController> controllers = new ConcurrentHashMap<>();
        private String kubeconfigBefore;
        private Path folder;
        MockCluster cluster;
        Path pipelines;

        Harness(Map<String, String> apps) {
            this.apps = apps;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            prometheus.beforeAll(context);
            folder = Files.createTempDirectory("signoff-analysis-");
            cluster = new MockCluster();
            kubeconfigBefore = System.getProperty("kubeconfig");
            System.setProperty("kubeconfig", cluster.writeKubeconfig(folder.resolve("kubeconfig"), "signoff-mock").toString());
            StringBuilder yaml = new StringBuilder("""
                    people:
                      alice: { console: alice }
                    registries:
                      sandbox: { host: localhost:5000, insecure: true }
                    clusters:
                      mock: { context: signoff-mock }
                    monitoring:
                      prom: { url: "%s" }
                    apps:
                    """.formatted(prometheus.url()));
            apps.forEach((app, strategy) -> {
                yaml.append("""
                          %1$s:
                            channel: { console: %1$s }
                            stages:
                              - name: prod
                                image: sandbox/%1$s:prod
                                approval: none
                                deploy: { cluster: mock, namespace: %1$s, workload: deployment/shop, timeout: 1m, strategy: %2$s }
                                analysis:
                                  prometheus: prom
                                  interval: 1s
                                  count: 2
                                  queries:
                                    - name: error-rate
                                      query: 'app_error_ratio{namespace="{{namespace}}",workload="{{canary}}"}'
                                      max: 0.05
                        """.formatted(app, strategy));
                controllers.put(app, cluster.controller(app));
            });
            pipelines = Files.writeString(folder.resolve("pipelines.yaml"), yaml);
        }

        /** Sets the error ratio of a workload and waits until Prometheus has it. */
        void errorRatio(String namespace, String workload, double value) {
            prometheus.target.set("app_error_ratio", value, "namespace", namespace, "workload", workload);
            prometheus.awaitAnswer("app_error_ratio{namespace=\"" + namespace + "\",workload=\"" + workload + "\"}", "\"" + value + "\"");
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            controllers.values().forEach(FakeController::close);
            if (kubeconfigBefore == null) {
                System.clearProperty("kubeconfig");
            } else {
                System.setProperty("kubeconfig", kubeconfigBefore);
            }
            if (cluster != null) {
                cluster.close();
            }
            prometheus.afterAll(context);
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
