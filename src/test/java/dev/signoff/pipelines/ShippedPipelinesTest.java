package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.BuildSource;
import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.FreezeWindow;
import dev.signoff.promotion.Group;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shipped config/pipelines.yaml")
class ShippedPipelinesTest {
    private final PipelineConfig config = PipelinesFile.load(Path.of("config/pipelines.yaml"));
    private final AppConfig shop = config.app("shop").orElseThrow();

    @Test
    @DisplayName("defines five people with console identities, two groups, two layout registries under ./data and no cluster; shop's commits link to GitHub")
    void directory() {
        assertThat(config.people()).containsOnlyKeys("alice", "bob", "carol", "dave", "erin");
        assertThat(config.people().values()).allSatisfy(p -> assertThat(p.identities()).containsEntry("console", p.name()));
        assertThat(config.groups()).containsEntry("qa", Group.of("qa", List.of("carol", "dave")))
                .containsEntry("release", Group.of("release", List.of("bob", "erin")));
        assertThat(config.registries()).containsEntry("sandbox", RegistryConfig.layout("sandbox", "./data/registries/sandbox"))
                .containsEntry("enterprise", RegistryConfig.layout("enterprise", "./data/registries/enterprise"));
        assertThat(config.clusters()).isEmpty();
        assertThat(config.personByIdentity("discord", "812345678901234567")).get().extracting("name").isEqualTo("alice");
        assertThat(config.appByChannel("console", "shop")).contains(shop);
        assertThat(shop.source()).isEqualTo(new BuildSource("acme/shop", "sha-{sha7}"));
        assertThat(shop.commitLink("c0ffee1")).contains("https://github.com/acme/shop/commit/c0ffee1");
    }

    @Test
    @DisplayName("gives shop four stages that only publish: dev without approval, test gated with a soak a person can wait for")
    void firstThreeStages() {
        assertThat(shop.stageNames()).containsExactly("dev", "test", "release", "prod");

        Stage dev = shop.stage("dev").orElseThrow();
        assertThat(dev.image()).hasToString("sandbox/shop:dev");
        assertThat(dev.approval().isAutomatic()).isTrue();
        assertThat(shop.stages()).allMatch(Stage::publishesOnly);

        Stage test = shop.stage("test").orElseThrow();
        assertThat(test.gates().ciPassed()).isTrue();
        assertThat(test.gates().soak()).isEqualTo(Duration.ofMinutes(1));
        assertThat(test.approval()).isEqualTo(new ApprovalPolicy(1, List.of("group:qa"), true, null));

        Stage release = shop.stage("release").orElseThrow();
        assertThat(release.publishesOnly()).isTrue();
        assertThat(release.image()).hasToString("enterprise/shop:release");
    }

    @Test
    @DisplayName("asks two release approvals for prod, not the requester's, and freezes it at the weekend, with a break-glass way through")
    void prod() {
        Stage prod = shop.stage("prod").orElseThrow();

        assertThat(prod.approval()).isEqualTo(new ApprovalPolicy(2, List.of("group:release"), false, Duration.ofHours(24)));
        assertThat(prod.freeze()).containsExactly(FreezeWindow.parse("Fri 16:00-Mon 08:00 Europe/Berlin"));
        assertThat(prod.frozenAt(Instant.parse("2026-03-06T17:00:00Z"))).isPresent();
        assertThat(prod.frozenAt(Instant.parse("2026-03-04T12:00:00Z"))).isEmpty();
        assertThat(prod.breakGlass()).isEqualTo(new ApprovalPolicy(2, List.of("group:release"), false, null, true));
    }
}
