package dev.signoff.promotion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A stage's analysis, in the core (metrics faked)")
class MetricsGateTest {
    private final Core core = new Core(withAnalysis(TestPipelines.shop()));

    /** The pipeline with an analysis on dev: two rounds of one query with a placeholder of each kind. */
    private static PipelineConfig withAnalysis(PipelineConfig config) {
        Analysis analysis = new Analysis("prom", Duration.ofSeconds(1), 2, List.of(new AnalysisQuery("error-rate",
                "errors{namespace=\"{{namespace}}\",pod=~\"{{canary}}-.*\",stage=\"{{stage}}\",image=\"{{digest}}\"}", 0.01, null, 0)));
        AppConfig shop = config.app("shop").orElseThrow();
        List<Stage> stages = new java.util.ArrayList<>(shop.stages());
        Stage dev = stages.getFirst();
        stages.set(0, new Stage(dev.name(), dev.image(), dev.deploy(), dev.approval(), dev.gates(), dev.freeze(), analysis, null));
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        apps.put("shop", new AppConfig("shop", shop.channels(), stages, shop.source(), shop.commitUrl()));
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(), Map.of(),
                Map.of("prom", new MonitoringConfig("prom", URI.create("http://prometheus:9090"), null)), apps);
    }

    private PromotionRequest toDev(Digest digest, String tag) {
        core.registry.push("sandbox/shop:" + tag, digest);
        return core.promotions.find(core.promotions.promote("alice", "shop", tag, "dev").id()).orElseThrow();
    }

    @Test
    @DisplayName("runs after verify with the placeholders filled in, and audits every measurement")
    void passes() {
        core.metrics.then(0.001, 0.002);

        PromotionRequest p = toDev(D1, "1");

        assertThat(p.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(p.steps()).extracting(Step::name).containsExactly("copy", "deploy", "verify", "analysis");
        assertThat(p.finishedStep("analysis").orElseThrow().detail())
                .isEqualTo("passed (after the rollout, deployment/shop): error-rate 0.002 ≤ 0.01 ✓ 2 of 2");
        assertThat(core.metrics.checks.getFirst().queries().getFirst().query())
                .isEqualTo("errors{namespace=\"shop\",pod=~\"shop-.*\",stage=\"dev\",image=\"" + D1 + "\"}");
        assertThat(core.store.entries(p.id(), 100)).filteredOn(e -> e.action().equals("measure error-rate"))
                .extracting(AuditEntry::outcome).containsExactly("passed", "passed");
    }

    @Test
    @DisplayName("a failed check after the rollout undoes the deploy and names the query, the values and the limit")
    void failsAndRollsBack() {
        toDev(D1, "1");
        core.metrics.then(0.5);

        PromotionRequest p = toDev(D2, "2");

        assertThat(p.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(p.statusReason()).isEqualTo("analysis failed (after the rollout, deployment/shop): error-rate measured 0.5 (limit ≤ 0.01); "
                + "rolled back to sandbox/shop@" + D1);
        assertThat(core.deployer.images.get("dev/shop/deployment/shop")).isEqualTo("sandbox/shop@" + D1);
    }
}
