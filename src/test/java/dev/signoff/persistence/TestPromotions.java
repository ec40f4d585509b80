package dev.signoff.persistence;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Eligibility;
import dev.signoff.promotion.Plan;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Promotions driven through the aggregate's own methods. Times are whole microseconds, the
 * precision the databases keep, so what is read back can be compared with what was saved.
 */
final class TestPromotions {
    static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    static final Digest DIGEST = Digest.sha256Of("shop build 42");
    static final List<String> VOTERS = IntStream.rangeClosed(1, 20).mapToObj(i -> "voter-" + i).toList();
    static final ApprovalPolicy TWO_APPROVALS = policy(2);

    private TestPromotions() {
    }

    static ApprovalPolicy policy(int required) {
        return new ApprovalPolicy(required, List.of("group:release"), false, Duration.ofHours(24));
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static PromotionRequest.Draft draft(String id, String app, String stage) {
        return new PromotionRequest.Draft(id, PromotionKind.PROMOTE, app, "test", stage,
                ImageRef.parse("enterprise/" + app + ":test").withDigest(DIGEST),
                ImageRef.parse("enterprise/" + app + ":" + stage), DIGEST, "3f2c9e1a", "alice",
                new Plan("enterprise/" + app + "@" + Digest.sha256Of("previous"), "enterprise/" + app + "@" + DIGEST, 3,
                        "canary 10% → 50% → 100%", "ünïcödé note"));
    }

    static PromotionRequest open(String id, String app, String stage, Instant at) {
        return PromotionRequest.open(draft(id, app, stage), TWO_APPROVALS, at);
    }

    static PromotionRequest open(String id) {
        return open(id, "shop", "prod", T0);
    }

    static void approveByTwo(PromotionRequest p) {
        p.approve("bob", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(60));
        p.approve("erin", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(120));
    }

    /** A promotion that reached {@code status} the way the runner would take it there. */
    static PromotionRequest in(PromotionStatus status, String id) {
        PromotionRequest p = open(id);
        switch (status) {
            case PENDING_APPROVAL -> p.approve("bob", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(60));
            case REJECTED -> p.reject("bob", "not during the sale", DIGEST, TWO_APPROVALS, Eligibility.APPROVER, at(60));
            case EXPIRED -> p.expire(at(25 * 3600));
            case CANCELLED -> p.cancel("alice", "source tag moved", at(30));
            default -> {
                approveByTwo(p);
                runTo(p, status);
            }
        }
        return p;
    }

    private static void runTo(PromotionRequest p, PromotionStatus status) {
        if (status == PromotionStatus.APPROVED) {
            return;
        }
        p.start(at(200));
        p.stepStarted("copy", "3 blobs to copy", at(201));
        if (status == PromotionStatus.FAILED) {
            p.stepFailed("copy", "registry enterprise: 503 Service Unavailable", at(210));
            p.fail("copy failed: registry enterprise answered 503", at(211));
            return;
        }
        p.stepDone("copy", "copied 3 blobs, 120 MB", at(220));
        p.stepStarted("deploy", "canary 10%", at(231));
        if (status == PromotionStatus.ABORTED) {
            p.stepFailed("deploy", "aborted by bob: wrong build; removed the canary", at(235));
            p.abort("bob", "aborted by bob: wrong build", at(236));
            return;
        }
        if (status == PromotionStatus.ROLLED_BACK) {
            p.stepFailed("deploy", "pods crash looping", at(240));
            p.rollBack("rollout failed; previous image restored", at(241));
            return;
        }
        p.stepDone("deploy", "canary 100%", at(250));
        p.stepStarted("verify", "waiting for rollout", at(261));
        p.stepProgressed("verify", "2 of 3 updated", at(262));
        if (status == PromotionStatus.RUNNING) {
            return;
        }
        p.stepDone("verify", "3 of 3 ready", at(270));
        p.succeed("running in prod", at(271));
    }
}
