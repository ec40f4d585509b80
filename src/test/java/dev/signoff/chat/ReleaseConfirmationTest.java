package dev.signoff.chat;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseConfig;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.TestPipelines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Release card wording: the question Approve asks first")
class ReleaseConfirmationTest {
    private static final Map<ButtonAction, String> TOKENS = Map.of(ButtonAction.APPROVE, "token-a", ButtonAction.REJECT, "token-r");
    private static final PipelineConfig CONFIG = withCart(TestPipelines.shop());

    @Test
    @DisplayName("a member stage that requires two approvals (prod) puts the release's question, every app and digest, on Approve only")
    void asksOnApprove() {
        Card card = card("prod", "prod");

        assertThat(button(card, ButtonAction.APPROVE).confirm()).isEqualTo(new Card.Confirmation("Confirm your approval",
                "Approve release storefront (shop " + digest("shop").shortForm() + ", cart " + digest("cart").shortForm() + ") to prod?",
                "Approve", "Cancel"));
        assertThat(button(card, ButtonAction.REJECT).confirm()).isNull();
    }

    @Test
    @DisplayName("one member that asks is enough: the card asks for the whole release")
    void oneMemberAsks() {
        assertThat(ReleaseWording.asksToConfirm(List.of(member("shop", "release"), member("cart", "prod")), CONFIG)).isTrue();
    }

    @Test
    @DisplayName("a release whose members' stages ask nothing (release: one approval) has no question")
    void asksNothing() {
        Card card = card("release", "release");

        assertThat(button(card, ButtonAction.APPROVE).confirm()).isNull();
        assertThat(ReleaseWording.asksToConfirm(List.of(member("shop", "release"), member("cart", "release")), CONFIG)).isFalse();
    }

    private static Card card(String shopStage, String cartStage) {
        ReleaseRequest r = ReleaseRequest.restore(new ReleaseRequest.Snapshot("r7k2m9qa", "storefront", cartStage, "alice",
                TestPipelines.WEDNESDAY, List.of("p-shop", "p-cart"), List.of(), PromotionStatus.PENDING_APPROVAL, null,
                TestPipelines.WEDNESDAY, 1));
        return ReleaseWording.card(r, List.of(member("shop", shopStage), member("cart", cartStage)), List.of(), CONFIG, TOKENS);
    }

    private static Card.Button button(Card card, ButtonAction action) {
        return card.buttons().stream().filter(b -> b.action() == action).findFirst().orElseThrow();
    }

    private static Digest digest(String app) {
        return Digest.sha256Of(app + " 3.1.0");
    }

    private static PromotionRequest member(String app, String stage) {
        var draft = new PromotionRequest.Draft("p-" + app, PromotionKind.PROMOTE, app, "test", stage,
                ImageRef.parse("enterprise/" + app + ":test"), ImageRef.parse("enterprise/" + app + ":" + stage), digest(app),
                null, "alice", null);
        return PromotionRequest.open(draft, CONFIG.stage(app, stage).orElseThrow().approval(), TestPipelines.WEDNESDAY);
    }

    /** The example pipeline with a second app, cart, of the same stages, and the release storefront of both. */
    private static PipelineConfig withCart(PipelineConfig base) {
        AppConfig shop = base.app("shop").orElseThrow();
        Map<String, AppConfig> apps = new LinkedHashMap<>(base.apps());
        apps.put("cart", new AppConfig("cart", Map.of("console", "cart"), shop.stages(), null, null));
        return new PipelineConfig(base.people(), base.groups(), base.registries(), base.clusters(), Map.of(), Map.of(), apps,
                Map.of("storefront", new ReleaseConfig("storefront", List.of("shop", "cart"), Map.of("console", "store"))));
    }
}
