package dev.signoff.promotion;

import dev.signoff.edge.CloudflareStub;
import dev.signoff.edge.EdgeSteps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.TUNNEL;
import static dev.signoff.promotion.TestPipelines.TUNNELLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("A stage exposed through Cloudflare, from promotion to sunset")
class ExposureStoryTest {
    private CloudflareStub cloudflare;
    private Core core;

    @BeforeEach
    void start() {
        cloudflare = new CloudflareStub();
        cloudflare.zone("example.com");
        cloudflare.tunnel(TUNNEL, """
                {"ingress": [{"hostname": "www.example.com", "service": "http://www.web.svc.cluster.local:80"},
                             {"service": "http_status:404"}]}""");
        cloudflare.record("example.com", "CNAME", "www.example.com", TUNNEL + ".cfargotunnel.com", true);
        PipelineConfig config = TestPipelines.exposed(TestPipelines.shop(), "dev", TUNNELLED, TestPipelines.cloudflare(cloudflare.url()));
        core = new Core(config, EdgeSteps.list(config));
        cloudflare.resetRequests();
    }

    @AfterEach
    void stop() {
        cloudflare.close();
    }

    private PromotionRequest promoteToDev() {
        core.registry.push("sandbox/shop:1", D1);
        return core.promotions.find(core.promotions.promote("alice", "shop", "1", "dev").id()).orElseThrow();
    }

    private List<String> hostnames() {
        return cloudflare.tunnelConfig(TUNNEL).path("ingress").valueStream().map(r -> r.path("hostname").asString("*")).toList();
    }

    private List<String> records() {
        return cloudflare.records("example.com").stream().map(r -> r.path("name").asString() + " → " + r.path("content").asString()).toList();
    }

    @Test
    @DisplayName("a promotion exposes it after the rollout is verified: one tunnel rule, one proxied CNAME, and the URL on the card")
    void promotion() {
        PromotionRequest p = promoteToDev();

        assertThat(p.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(p.steps()).extracting(Step::name, Step::detail).containsExactly(
                tuple("copy", p.steps().get(0).detail()), tuple("deploy", p.steps().get(1).detail()),
                tuple("verify", "rollout complete"), tuple("expose", "https://shop.example.com"));
        assertThat(p.statusReason()).endsWith(", live at https://shop.example.com");
        assertThat(hostnames()).containsExactly("www.example.com", "shop.example.com", "*");
        assertThat(records()).containsExactly("www.example.com → " + TUNNEL + ".cfargotunnel.com", "shop.example.com → " + TUNNEL + ".cfargotunnel.com");
    }

    @Test
    @DisplayName("a promotion whose deploy fails never touches Cloudflare")
    void deployFails() {
        core.deployer.failApplyWith = "ImagePullBackOff";

        PromotionRequest p = promoteToDev();

        assertThat(p.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(p.steps()).extracting(Step::name).doesNotContain("expose");
        assertThat(cloudflare.requests()).isEmpty();
    }

    @Test
    @DisplayName("a promotion whose rollout fails is rolled back and never touches Cloudflare")
    void rolloutFails() {
        core.deployer.failRolloutWith = "ProgressDeadlineExceeded";

        assertThat(promoteToDev().steps()).extracting(Step::name).doesNotContain("expose");
        assertThat(cloudflare.requests()).isEmpty();
    }

    @Test
    @DisplayName("a sunset takes the edge away first, then the workload, its monitoring and the tag, each on the card")
    void sunset() {
        promoteToDev();

        PromotionRequest s = core.promotions.find(core.promotions.sunset("alice", "shop", "dev").id()).orElseThrow();

        assertThat(s.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(s.steps()).extracting(Step::name, Step::state).containsExactly(
                tuple("unexpose", Step.State.DONE), tuple("decommission", Step.State.DONE),
                tuple("stop monitoring", Step.State.DONE), tuple("delete tag", Step.State.DONE));
        assertThat(s.steps().getFirst().detail()).isEqualTo("removed the tunnel rule for shop.example.com and the CNAME shop.example.com → "
                + TUNNEL + ".cfargotunnel.com");
        assertThat(hostnames()).containsExactly("www.example.com", "*");
        assertThat(records()).containsExactly("www.example.com → " + TUNNEL + ".cfargotunnel.com");
        assertThat(s.statusReason()).startsWith("shop is sunset in dev: removed the tunnel rule for shop.example.com")
                .contains("; deleted sandbox/shop:dev");
        assertThat(core.deployer.calls).contains("decommission dev/shop/deployment/shop");
        assertThat(core.registry.deleted).containsExactly("sandbox/shop:dev");
    }
}
