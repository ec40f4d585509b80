package dev.signoff.promotion.steps;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import dev.signoff.promotion.TestPipelines;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Step kinds")
class StepKindsTest {
    private final FakeDeployer deployer = new FakeDeployer();
    private final List<StepKind> builtIn = BuiltInSteps.list(new FakeRegistry(), deployer, deployer);

    @Test
    @DisplayName("are found by name")
    void byName() {
        StepKinds kinds = new StepKinds(builtIn, TestPipelines.shop());
        assertThat(kinds.get("verify")).isInstanceOf(VerifyStep.class);
        assertThat(kinds.get("delete tag")).isInstanceOf(DeleteTagStep.class);
    }

    @Test
    @DisplayName("a stage whose plan names a kind nobody registered stops start-up, naming the stage and listing the known kinds")
    void unknownKind() {
        List<StepKind> withoutVerify = new ArrayList<>(builtIn);
        withoutVerify.removeIf(k -> k.name().equals("verify"));
        assertThatThrownBy(() -> new StepKinds(withoutVerify, TestPipelines.shop()))
                .isInstanceOf(StepKinds.Unregistered.class)
                .hasMessageContaining("apps.shop stage dev: step kind 'verify' (in its promote plan) is not registered")
                .hasMessageEndingWith("Known step kinds: analysis, attest, copy, decommission, delete tag, deploy, stop monitoring, verify attestation, verify signature.");
    }

    @Test
    @DisplayName("two kinds with one name stop start-up")
    void duplicateName() {
        List<StepKind> twice = new ArrayList<>(builtIn);
        twice.add(new CopyStep(new FakeRegistry()));
        assertThatThrownBy(() -> new StepKinds(twice, TestPipelines.shop()))
                .isInstanceOf(StepKinds.Unregistered.class).hasMessageContaining("two step kinds are named 'copy'");
    }

    @Test
    @DisplayName("start-up says which plan cannot be carried out, without a stack trace")
    void failureAnalysis() {
        var problem = new StepKinds.Unregistered("apps.shop stage prod: step kind 'expose' (in its promote plan) is not registered");
        var analysis = new StepKindsFailureAnalyzer().analyze(new IllegalStateException("context failed", problem));
        assertThat(analysis.getDescription()).isEqualTo("The stages' plans cannot be carried out: "
                + "apps.shop stage prod: step kind 'expose' (in its promote plan) is not registered");
        assertThat(analysis.getAction()).contains("docs/steps.md");
    }

    @Test
    @DisplayName("the deploy step's memo gives back the rollout it started, on the stage's target")
    void rolloutMemo() {
        DeployTarget stage = new DeployTarget("prod", "shop", "deployment", "shop", null, new Strategy.BlueGreen("shop", Duration.ofMinutes(5)), Duration.ofMinutes(10));
        DeployTarget green = new DeployTarget("prod", "shop", "deployment", "shop-green", null, stage.strategy(), stage.timeout());
        var rollout = new Deployer.Rollout(green, "r.example/shop@sha256:" + "a".repeat(64), "r.example/shop@sha256:" + "b".repeat(64), 42);
        assertThat(RolloutMemo.read(stage, RolloutMemo.write(rollout))).isEqualTo(rollout);
        var first = new Deployer.Rollout(stage, null, "r.example/shop@sha256:" + "b".repeat(64), 1);
        assertThat(RolloutMemo.read(stage, RolloutMemo.write(first))).isEqualTo(first);
    }
}
