package dev.signoff.promotion;

import java.time.Instant;

/**
 * One line of the append-only audit log: who did what, when, to which app, stage and digest,
 * and how it ended ({@code outcome}: ok, refused, failed, …).
 */
public record AuditEntry(Instant at, String actor, String action, String app, String stage, String promotionId,
                         String digest, String outcome, String detail) {
}
