package dev.signoff.testing;

import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.Card;
import dev.signoff.chat.ReleaseWording;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Eligibility;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseConfig;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.TestPipelines;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A release's card waiting for approval, waiting at prod (whose two approvals ask first: its Approve
 * carries the question), and after its second app failed, for every platform's golden files.
 */
final class ReleaseCardSamples {
    private static final Instant NOW = Instant.parse("2026-11-18T10:00:00Z");
    private static final ApprovalPolicy QA = new ApprovalPolicy(1, List.of("group:qa"), true, null);
    private static final ApprovalPolicy TWO = new ApprovalPolicy(2, List.of("carol", "erin"), false, java.time.Duration.ofHours(24));
    private static final Map<ButtonAction, String> TOKENS = Map.of(ButtonAction.APPROVE, "token-a", ButtonAction.REJECT, "token-r",
            ButtonAction.ABORT, "token-x");

    private ReleaseCardSamples() {
    }

    static Map<String, Card> cards() {
        PipelineConfig base = TestPipelines.shop();
        AppConfig shop = base.app("shop").orElseThrow();
        Map<String, AppConfig> apps = new LinkedHashMap<>(base.apps());
        apps.put("cart", new AppConfig("cart", Map.of("console", "cart"), shop.stages(), null, null));
        PipelineConfig config = new PipelineConfig(base.people(), base.groups(), base.registries(), base.clusters(), Map.of(), Map.of(), apps,
                Map.of("storefront", new ReleaseConfig("storefront", List.of("shop", "cart"), Map.of("console", "store"))));
        Map<String, Card> cards = new LinkedHashMap<>();

        PromotionRequest shopWaiting = member("shop", "p-shop", QA);
        shopWaiting.approve("carol", shopWaiting.digest(), QA, Eligibility.APPROVER, NOW);
        PromotionRequest cartWaiting = member("cart", "p-cart", TWO);
        cartWaiting.approve("carol", cartWaiting.digest(), TWO, Eligibility.APPROVER, NOW);
        cards.put("release-pending", ReleaseWording.card(release(PromotionStatus.PENDING_APPROVAL, null, List.of()),
                List.of(shopWaiting, cartWaiting), List.of(), config, TOKENS));

        PromotionRequest shopProd = member("shop", "p-shop", "release", "prod", TWO);
        PromotionRequest cartProd = member("cart", "p-cart", "release", "prod", TWO);
        cards.put("release-confirm", ReleaseWording.card(release("prod", PromotionStatus.PENDING_APPROVAL, null, List.of()),
                List.of(shopProd, cartProd), List.of(), config, TOKENS));

        PromotionRequest shopDone = member("shop", "p-shop", ApprovalPolicy.none());
        shopDone.start(NOW);
        shopDone.stepStarted("copy", "enterprise/shop:release → enterprise/shop:test", NOW);
        shopDone.stepDone("copy", "retagged in place (0 bytes moved)", NOW);
        shopDone.succeed("deployed", NOW);
        PromotionRequest cartFailed = member("cart", "p-cart", ApprovalPolicy.none());
        cartFailed.start(NOW);
        cartFailed.stepStarted("copy", "enterprise/cart:release → enterprise/cart:test", NOW);
        cartFailed.stepDone("copy", "retagged in place (0 bytes moved)", NOW);
        cartFailed.stepStarted("deploy", "set dev/shop-test/deployment/shop", NOW);
        cartFailed.stepFailed("deploy", "ProgressDeadlineExceeded: 0 of 2 ready", NOW);
        cartFailed.rollBack("ProgressDeadlineExceeded: 0 of 2 ready; rolled back to enterprise/cart@" + Digest.sha256Of("cart before"), NOW);
        PromotionRequest putBack = PromotionRequest.open(new PromotionRequest.Draft("p-undo", PromotionKind.ROLLBACK, "shop", "test", "test",
                ImageRef.parse("enterprise/shop:test").withDigest(Digest.sha256Of("shop before")), ImageRef.parse("enterprise/shop:test"),
                Digest.sha256Of("shop before"), null, "signoff", null), ApprovalPolicy.none(), NOW);
        putBack.start(NOW);
        putBack.stepStarted("copy", "enterprise/shop@… → enterprise/shop:test", NOW);
        putBack.stepDone("copy", "retagged in place (0 bytes moved)", NOW);
        putBack.succeed("deployed", NOW);
        cards.put("release-rolled-back", ReleaseWording.card(release(PromotionStatus.ROLLED_BACK, "cart failed: "
                        + cartFailed.statusReason() + "; put back: shop back at " + Digest.sha256Of("shop before").shortForm(), List.of("p-undo")),
                List.of(shopDone, cartFailed), List.of(putBack), config, TOKENS));
        return cards;
    }

    private static ReleaseRequest release(PromotionStatus status, String reason, List<String> undos) {
        return release("test", status, reason, undos);
    }

    private static ReleaseRequest release(String stage, PromotionStatus status, String reason, List<String> undos) {
        return ReleaseRequest.restore(new ReleaseRequest.Snapshot("r7k2m9qa", "storefront", stage, "alice", NOW,
                List.of("p-shop", "p-cart"), undos, status, reason, NOW, 3));
    }

    private static PromotionRequest member(String app, String id, ApprovalPolicy policy) {
        return member(app, id, "dev", "test", policy);
    }

    private static PromotionRequest member(String app, String id, String from, String to, ApprovalPolicy policy) {
        Digest digest = Digest.sha256Of(app + " 2.0.0");
        return PromotionRequest.open(new PromotionRequest.Draft(id, PromotionKind.PROMOTE, app, from, to,
                ImageRef.parse((from.equals("dev") ? "sandbox/" : "enterprise/") + app + ":" + from), ImageRef.parse("enterprise/" + app + ":" + to), digest, null, "alice",
                new Plan("enterprise/" + app + "@" + Digest.sha256Of(app + " before"), "enterprise/" + app + "@" + digest, 2,
                        "rolling update", null)), policy, NOW);
    }
}
