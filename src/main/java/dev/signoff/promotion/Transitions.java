package dev.signoff.promotion;

import dev.signoff.promotion.spi.AuditLog;
import dev.signoff.promotion.spi.PromotionStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Optional;

/**
 * Saves a promotion and then publishes the events it recorded, so listeners that reload it see
 * the change. Also writes audit entries that belong to no promotion (refusals, locks).
 */
@Component
class Transitions {
    private final PromotionStore store;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    Transitions(PromotionStore store, AuditLog auditLog, ApplicationEventPublisher publisher, Clock clock) {
        this.store = store;
        this.auditLog = auditLog;
        this.publisher = publisher;
        this.clock = clock;
    }

    Optional<PromotionRequest> find(String id) {
        return store.find(id);
    }

    PromotionRequest load(String id) {
        return store.find(id).orElseThrow(() -> new Refusal("There is no promotion '" + id + "'."));
    }

    /** Saves (throws {@link PromotionStore.ConcurrentChange} on a lost race) and publishes the events. */
    void save(PromotionRequest p) {
        var events = p.drainEvents();
        store.save(p);
        events.forEach(publisher::publishEvent);
    }

    /** Publishes an event that belongs to no promotion (a lock), after the change it reports is stored. */
    void publish(Object event) {
        publisher.publishEvent(event);
    }

    /** An audit entry of a release: its id stands where a promotion's would. */
    void audit(ReleaseRequest r, String actor, String action, String outcome, String detail) {
        auditLog.append(new AuditEntry(clock.instant(), actor, action, null, r.stage(), r.id(), null, outcome, detail));
    }

    void audit(String actor, String action, String app, String stage, String digest, String outcome, String detail) {
        auditLog.append(new AuditEntry(clock.instant(), actor, action, app, stage, null, digest, outcome, detail));
    }
}
