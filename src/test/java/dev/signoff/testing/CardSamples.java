package dev.signoff.testing;

import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.Card;
import dev.signoff.chat.CardWording;
import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Eligibility;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.TestPipelines;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One promotion card per state, made with the real wording, for every platform's golden files,
 * and a release's card waiting and rolled back ({@link ReleaseCardSamples}).
 * The reject reason carries characters each platform must escape its own way; the commit links
 * to GitHub.
 */
public final class CardSamples {
    public static final Map<String, Card> ALL = new LinkedHashMap<>();

    static {
        Instant now = Instant.parse("2026-11-18T10:00:00Z");
        Digest digest = Digest.sha256Of("shop 1.4.2");
        ApprovalPolicy policy = new ApprovalPolicy(2, List.of("group:release"), false, Duration.ofHours(24));
        PipelineConfig config = TestPipelines.withCommitUrl(TestPipelines.shop(), "shop", "https://github.com/acme/shop/commit/{sha}");
        Map<ButtonAction, String> tokens = Map.of(ButtonAction.APPROVE, "token-a", ButtonAction.REJECT, "token-r",
                ButtonAction.CONTINUE, "token-c", ButtonAction.ABORT, "token-x");

        PromotionRequest pending = open(digest, policy, now);
        pending.approve("bob", digest, policy, Eligibility.APPROVER, now);
        ALL.put("pending", CardWording.card(pending, config, tokens));

        PromotionRequest running = open(digest, policy, now);
        running.approve("bob", digest, policy, Eligibility.APPROVER, now);
        running.approve("erin", digest, policy, Eligibility.APPROVER, now);
        running.start(now);
        running.stepStarted("copy", "enterprise/shop:release → enterprise/shop:prod", now);
        running.stepDone("copy", "retagged in place (0 bytes moved)", now);
        running.stepStarted("deploy", "set prod/shop/deployment/shop", now);
        running.stepProgressed("deploy", "2 of 3 updated", now);
        ALL.put("running", CardWording.card(running, config, tokens));

        PromotionRequest paused = open(digest, policy, now);
        paused.approve("bob", digest, policy, Eligibility.APPROVER, now);
        paused.approve("erin", digest, policy, Eligibility.APPROVER, now);
        paused.start(now);
        paused.stepStarted("copy", "enterprise/shop:release → enterprise/shop:prod", now);
        paused.stepDone("copy", "retagged in place (0 bytes moved)", now);
        paused.stepStarted("deploy", "set prod/shop/deployment/shop", now);
        paused.stepStarted("pause", "canary at 10%: Continue to go to 50%", now);
        ALL.put("paused", CardWording.card(paused, config, tokens));

        running.stepDone("deploy", "applied", now);
        running.stepStarted("verify", "watching the rollout", now);
        running.stepDone("verify", "rollout complete", now);
        running.succeed("deployed " + digest.shortForm() + " to prod/shop/deployment/shop", now);
        ALL.put("succeeded", CardWording.card(running, config, tokens));

        PromotionRequest rejected = open(digest, policy, now);
        rejected.reject("erin", "release notes missing <see #42> & *CHANGELOG_2026*", digest, policy, Eligibility.APPROVER, now);
        ALL.put("rejected", CardWording.card(rejected, config, tokens));

        PromotionRequest failed = open(digest, ApprovalPolicy.none(), now);
        failed.start(now);
        failed.stepStarted("copy", "enterprise/shop:release → enterprise/shop:prod", now);
        failed.stepFailed("copy", "registry enterprise (registry.example.com), repository shop: 503 Service Unavailable", now);
        failed.fail("registry enterprise (registry.example.com), repository shop: 503 Service Unavailable", now);
        ALL.put("failed", CardWording.card(failed, config, tokens));

        PromotionRequest aborted = open(digest, ApprovalPolicy.none(), now);
        aborted.start(now);
        aborted.stepStarted("copy", "enterprise/shop:release → enterprise/shop:prod", now);
        aborted.stepDone("copy", "retagged in place (0 bytes moved)", now);
        aborted.stepStarted("deploy", "set prod/shop/deployment/shop", now);
        aborted.stepDone("deploy", "applied", now);
        aborted.stepStarted("verify", "watching the rollout", now);
        aborted.stepFailed("verify", "aborted by bob: wrong build", now);
        aborted.stepStarted("rollback", "putting back enterprise/shop@" + Digest.sha256Of("shop 1.4.1"), now);
        aborted.stepDone("rollback", "rolled back to enterprise/shop@" + Digest.sha256Of("shop 1.4.1"), now);
        aborted.abort("bob", "aborted by bob: wrong build; rolled back to enterprise/shop@" + Digest.sha256Of("shop 1.4.1"), now);
        ALL.put("aborted", CardWording.card(aborted, config, tokens));

        PromotionRequest expired = open(digest, policy, now);
        expired.expire(now.plus(Duration.ofHours(24)));
        ALL.put("expired", CardWording.card(expired, config, tokens));
        ALL.putAll(ReleaseCardSamples.cards());
    }

    private CardSamples() {
    }

    private static PromotionRequest open(Digest digest, ApprovalPolicy policy, Instant now) {
        var draft = new PromotionRequest.Draft("k3f9x2ab", PromotionKind.PROMOTE, "shop", "release", "prod",
                ImageRef.parse("enterprise/shop:release"), ImageRef.parse("enterprise/shop:prod"), digest,
                "9f3c2d1e8a7b6c5d", "alice",
                new Plan("enterprise/shop@" + Digest.sha256Of("shop 1.4.1"), "enterprise/shop@" + digest, 3,
                        "canary 10% → 50% → 100%, 5m between steps", null));
        return PromotionRequest.open(draft, policy, now);
    }
}
