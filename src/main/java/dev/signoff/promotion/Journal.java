package dev.signoff.promotion;

import dev.signoff.promotion.events.PromotionEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a promotion recorded since it was last saved: the events the application service publishes
 * after the save, the audit entries the store writes in the same transaction, and when the
 * promotion last changed. The aggregate and its parts record here; nothing else does.
 */
final class Journal {
    private final PromotionRequest promotion;
    private final List<PromotionEvent> events = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private Instant changedAt;

    Journal(PromotionRequest promotion, Instant changedAt) {
        this.promotion = promotion;
        this.changedAt = changedAt;
    }

    /** An audit entry of the promotion, and {@code event} to publish when it is not null. */
    void record(PromotionEvent event, String actor, String action, String outcome, String detail, Instant now) {
        if (event != null) {
            events.add(event);
        }
        audit.add(new AuditEntry(now, actor, action, promotion.app(), promotion.toStage(), promotion.id(),
                promotion.digest().toString(), outcome, detail));
        changedAt = now;
    }

    /** An event that is not audited: it is only for the card (a step's progress). */
    void publish(PromotionEvent event, Instant now) {
        events.add(event);
        changedAt = now;
    }

    Instant changedAt() {
        return changedAt;
    }

    List<PromotionEvent> drainEvents() {
        List<PromotionEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }

    List<AuditEntry> drainAudit() {
        List<AuditEntry> out = List.copyOf(audit);
        audit.clear();
        return out;
    }
}
