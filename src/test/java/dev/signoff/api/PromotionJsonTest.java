package dev.signoff.api;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A promotion in the JSON API")
class PromotionJsonTest {
    private final Instant now = Instant.parse("2026-11-18T10:00:00Z");

    @Test
    @DisplayName("names the running step beside the RUNNING state, and no step once it ended")
    void namesTheStep() {
        PromotionRequest p = PromotionRequest.open(new PromotionRequest.Draft("p1", PromotionKind.PROMOTE, "shop", null, "dev",
                ImageRef.parse("sandbox/shop:1"), ImageRef.parse("sandbox/shop:dev"), Digest.sha256Of("one"), null, "alice", null),
                ApprovalPolicy.none(), now);
        p.start(now);
        p.stepStarted("copy", "a → b", now);
        assertThat(PromotionJson.of(p)).containsEntry("status", "RUNNING").containsEntry("step", "copy");
        p.stepDone("copy", "copied", now);
        p.succeed("published", now);
        assertThat(PromotionJson.of(p)).containsEntry("status", "SUCCEEDED").containsEntry("step", null);
    }
}
