package dev.signoff.promotion;

import static dev.signoff.promotion.TestPipelines.D1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The signature gate in the core: before the card, and again before the copy (signatures faked). */
@DisplayName("A stage with the signature gate")
class SignatureGateTest {
    private static final String KEY = "file:/etc/signoff/cosign.pub";
    private final Core core = new Core(withSignatureGate(TestPipelines.shop()));

    /** release requires a signature by KEY and attests its approvals. */
    private static PipelineConfig withSignatureGate(PipelineConfig config) {
        AppConfig shop = config.app("shop").orElseThrow();
        List<Stage> stages = new java.util.ArrayList<>(shop.stages());
        Stage release = stages.get(2);
        stages.set(2, new Stage(release.name(), release.image(), release.deploy(), release.approval(), new Gates(false, null, List.of(KEY)),
                release.freeze(), null, null, null, true));
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        apps.put("shop", new AppConfig("shop", shop.channels(), stages, shop.source(), shop.commitUrl()));
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(), apps);
    }

    @Test
    @DisplayName("with identities and no keys, only a keyless signature by one of them gets a card, and the plan checks it again")
    void keylessOnly() {
        Gates.Identity ci = new Gates.Identity("https://token.actions.githubusercontent.com", "https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main");
        Gates keyless = new Gates(false, null, List.of(), new Gates.Keyless(List.of(ci), "file:/etc/signoff/fulcio.pem", "file:/etc/signoff/rekor.pub"));
        PipelineConfig config = withSignatureGate(TestPipelines.shop());
        List<Stage> stages = new java.util.ArrayList<>(config.app("shop").orElseThrow().stages());
        Stage release = stages.get(2);
        stages.set(2, new Stage(release.name(), release.image(), release.deploy(), release.approval(), keyless, release.freeze(), null, null, null, false));
        AppConfig shop = config.app("shop").orElseThrow();
        Core keylessCore = new Core(new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(),
                Map.of("shop", new AppConfig("shop", shop.channels(), stages, shop.source(), shop.commitUrl()))));
        keylessCore.registry.push("enterprise/shop:1", D1);
        keylessCore.registry.signedWith.put(D1, KEY);

        assertThatThrownBy(() -> keylessCore.promotions.promote("alice", "shop", "1", "release")).isInstanceOf(Refusal.class)
                .hasMessageStartingWith("Gate signature: ");
        keylessCore.registry.signedWith.put(D1, ci.toString());
        PromotionRequest p = keylessCore.promotions.promote("alice", "shop", "1", "release");

        assertThat(p.plan().note()).endsWith("signed (keyless: " + ci.subject() + " via " + ci.issuer() + ")");
        assertThat(keylessCore.config.requireStage("shop", "release").steps(PromotionKind.PROMOTE)).containsExactly("verify signature", "copy");
    }

    @Test
    @DisplayName("an unsigned image gets no card, and the refusal says which keys were tried")
    void unsignedGetsNoCard() {
        core.registry.push("enterprise/shop:1", D1);

        assertThatThrownBy(() -> core.promotions.promote("alice", "shop", "1", "release")).isInstanceOf(Refusal.class)
                .hasMessage("Gate signature: no signature of " + D1.shortForm() + " verifies with the stage's keys. key " + KEY + ": no signature.");
        assertThat(core.events).isEmpty();
    }

    @Test
    @DisplayName("a signed image gets a card that says who signed it, and its plan checks the signature again before the copy")
    void signedGetsACard() {
        core.registry.push("enterprise/shop:1", D1);
        core.registry.signedWith.put(D1, KEY);

        PromotionRequest p = core.promotions.promote("alice", "shop", "1", "release");

        assertThat(p.plan().note()).endsWith("signed (key " + KEY + ")");
        assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(core.config.requireStage("shop", "release").steps(PromotionKind.PROMOTE)).containsExactly("verify signature", "copy", "attest");
    }

    @Test
    @DisplayName("a signature removed while people approve fails the promotion before anything is copied")
    void checkedAgainBeforeTheCopy() {
        core.registry.push("enterprise/shop:1", D1);
        core.registry.signedWith.put(D1, KEY);
        PromotionRequest p = core.promotions.promote("alice", "shop", "1", "release");
        core.registry.signedWith.remove(D1);

        PromotionRequest after = core.promotions.approve("bob", p.id(), D1);

        after = core.promotions.find(after.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(after.steps()).filteredOn(s -> s.name().equals("verify signature")).singleElement()
                .extracting(Step::detail).asString().startsWith("the signature gate no longer holds: no signature of");
        assertThat(core.registry.copies).isEmpty();
    }

    @Test
    @DisplayName("after the copy, the approval is attested with who asked, who approved and the gates passed")
    void attestsTheApproval() {
        core.registry.push("enterprise/shop:1", D1);
        core.registry.signedWith.put(D1, KEY);
        PromotionRequest p = core.promotions.promote("alice", "shop", "1", "release");

        PromotionRequest after = core.promotions.find(core.promotions.approve("bob", p.id(), D1).id()).orElseThrow();

        assertThat(after.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(after.steps()).extracting(Step::name).containsExactly("verify signature", "copy", "attest");
        assertThat(core.registry.attested).singleElement().satisfies(a -> {
            assertThat(a.image()).isEqualTo(ImageRef.parse("enterprise/shop:release").withDigest(D1));
            assertThat(a.stage()).isEqualTo("release");
            assertThat(a.requester()).isEqualTo("alice");
            assertThat(a.approvers()).extracting(dev.signoff.promotion.spi.Attestations.Approver::person).containsExactly("bob");
            assertThat(a.gates()).containsExactly("signature: signed (key " + KEY + ")");
        });
    }
}
