package dev.signoff.promotion;

import java.time.Instant;

/** A digest put into a stage by a promotion ({@code kind}: promote, rollback or sunset, where digest is the last one). */
public record StageDeployment(String app, String stage, Digest digest, PromotionKind kind, String promotionId,
                              String promotedBy, Instant since) {
}
