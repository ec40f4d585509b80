package dev.signoff.promotion;

import static dev.signoff.promotion.TestPipelines.D1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.testing.FakeRegistry.Attested;

/** The attestation gate in the core: before the card, and again before the copy (attestations faked). */
@DisplayName("A stage with the attestation gate")
class AttestedStageTest {
    private static final String SIGNING_KEY = "file:/etc/signoff/cosign.pub";
    private static final String APPROVALS_KEY = "file:/etc/signoff/approvals.pub";
    private static final String APPROVAL = "https://signoff.dev/attestations/approval/v1";
    private final Core core = new Core(withGates(TestPipelines.shop()));

    /** release requires a signature by SIGNING_KEY and Signoff's approval for test by APPROVALS_KEY, and attests its own approvals. */
    private static PipelineConfig withGates(PipelineConfig config) {
        AppConfig shop = config.app("shop").orElseThrow();
        List<Stage> stages = new java.util.ArrayList<>(shop.stages());
        Stage release = stages.get(2);
        Gates gates = new Gates(false, null, List.of(SIGNING_KEY), null, new Gates.Attestation(APPROVAL, List.of(APPROVALS_KEY), Map.of("stage", "test")));
        stages.set(2, new Stage(release.name(), release.image(), release.deploy(), release.approval(), gates, release.freeze(), null, null, null, true));
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        apps.put("shop", new AppConfig("shop", shop.channels(), stages, shop.source(), shop.commitUrl()));
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(), apps);
    }

    private PromotionRequest signedAndAttested() {
        core.registry.push("enterprise/shop:1", D1);
        core.registry.signedWith.put(D1, SIGNING_KEY);
        core.registry.attestedWith.put(D1, new Attested(APPROVALS_KEY, APPROVAL, "test"));
        return core.promotions.promote("alice", "shop", "1", "release");
    }

    @Test
    @DisplayName("a signed image without the approval for test gets no card, and the refusal says why")
    void notAttestedGetsNoCard() {
        core.registry.push("enterprise/shop:1", D1);
        core.registry.signedWith.put(D1, SIGNING_KEY);
        core.registry.attestedWith.put(D1, new Attested(APPROVALS_KEY, APPROVAL, "dev"));

        assertThatThrownBy(() -> core.promotions.promote("alice", "shop", "1", "release")).isInstanceOf(Refusal.class)
                .hasMessage("Gate attestation: no attestation of " + D1.shortForm() + " counts: an attestation of " + APPROVAL + " for stage dev by key "
                        + APPROVALS_KEY + ".");
        assertThat(core.events).isEmpty();
    }

    @Test
    @DisplayName("an attested image gets a card that names the signature and the attestation, and its plan checks both again before the copy")
    void attestedGetsACard() {
        PromotionRequest p = signedAndAttested();

        assertThat(p.plan().note()).endsWith("signed (key " + SIGNING_KEY + ") · attested: " + APPROVAL + " by key " + APPROVALS_KEY + " (stage test)");
        assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(core.config.requireStage("shop", "release").steps(PromotionKind.PROMOTE))
                .containsExactly("verify signature", "verify attestation", "copy", "attest");
    }

    @Test
    @DisplayName("an attestation removed while people approve fails the promotion before anything is copied")
    void checkedAgainBeforeTheCopy() {
        PromotionRequest p = signedAndAttested();
        core.registry.attestedWith.remove(D1);

        PromotionRequest after = core.promotions.find(core.promotions.approve("bob", p.id(), D1).id()).orElseThrow();

        assertThat(after.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(after.steps()).filteredOn(s -> s.name().equals("verify attestation")).singleElement()
                .extracting(Step::detail).asString().isEqualTo("the attestation gate no longer holds: " + D1.shortForm() + " has no attestation.");
        assertThat(core.registry.copies).isEmpty();
    }

    @Test
    @DisplayName("the approval attested after the copy names the attestation among the gates passed")
    void attestsTheGatesPassed() {
        PromotionRequest p = signedAndAttested();

        PromotionRequest after = core.promotions.find(core.promotions.approve("bob", p.id(), D1).id()).orElseThrow();

        assertThat(after.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(after.steps()).extracting(Step::name).containsExactly("verify signature", "verify attestation", "copy", "attest");
        assertThat(core.registry.attested).singleElement().extracting(a -> a.gates()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly("signature: signed (key " + SIGNING_KEY + ")", "attestation: attested: " + APPROVAL + " by key " + APPROVALS_KEY + " (stage test)");
    }
}
