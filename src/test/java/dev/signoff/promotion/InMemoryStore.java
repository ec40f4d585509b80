package dev.signoff.promotion;

import dev.signoff.promotion.spi.AuditLog;
import dev.signoff.promotion.spi.Builds;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.PauseSignals;
import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.PromotionStore;
import dev.signoff.promotion.spi.RunOwnership;
import dev.signoff.promotion.spi.StageLeases;
import dev.signoff.promotion.spi.StageLocks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory fakes of the storage ports with the same contracts as the database: version checks, one vote per person. */
class InMemoryStore implements PromotionStore, PromotionQueries, StageLocks, StageLeases, RunOwnership, Deployments, Builds,
        AuditLog, PauseSignals, dev.signoff.promotion.spi.AbortSignals, dev.signoff.promotion.spi.ReleaseStore {
    private final Map<String, ReleaseRequest.Snapshot> releases = new java.util.LinkedHashMap<>();
    private final Map<String, PromotionRequest.Snapshot> promotions = new HashMap<>();
    private final Map<String, StageLock> locks = new HashMap<>();
    private final Map<String, String> leases = new HashMap<>();
    private final List<StageDeployment> deployments = new ArrayList<>();
    private final List<Build> builds = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private final java.util.Set<String> orphaned = new java.util.LinkedHashSet<>();
    private final Map<String, Signal> pauseSignals = new HashMap<>();

    @Override
    public synchronized Optional<PromotionRequest> find(String id) {
        return Optional.ofNullable(promotions.get(id)).map(PromotionRequest::restore);
    }

    @Override
    public synchronized void save(PromotionRequest p) {
        PromotionRequest.Snapshot stored = promotions.get(p.id());
        if (p.version() == 0 ? stored != null : stored == null || stored.version() != p.version()) {
            throw new ConcurrentChange("promotion " + p.id() + " was changed by someone else");
        }
        audit.addAll(p.drainAudit());
        p.savedAs(p.version() + 1);
        promotions.put(p.id(), p.snapshot());
    }

    @Override
    public synchronized List<PromotionRequest> recent(String app, String stage, int limit) {
        return all().filter(s -> app == null || s.app().equals(app)).filter(s -> stage == null || s.toStage().equals(stage))
                .sorted(Comparator.comparing(PromotionRequest.Snapshot::requestedAt).reversed()).limit(limit)
                .map(PromotionRequest::restore).toList();
    }

    @Override
    public synchronized List<PromotionRequest> inStatus(String app, String stage, PromotionStatus status) {
        return all().filter(s -> s.app().equals(app) && s.toStage().equals(stage) && s.status() == status)
                .sorted(Comparator.comparing(PromotionRequest.Snapshot::requestedAt)).map(PromotionRequest::restore).toList();
    }

    @Override
    public synchronized List<PromotionRequest> expiredBefore(Instant now) {
        return all().filter(s -> s.status() == PromotionStatus.PENDING_APPROVAL && s.expiresAt() != null && !s.expiresAt().isAfter(now))
                .map(PromotionRequest::restore).toList();
    }

    private java.util.stream.Stream<PromotionRequest.Snapshot> all() {
        return promotions.values().stream();
    }

    @Override
    public synchronized Optional<StageLock> find(String app, String stage) {
        return Optional.ofNullable(locks.get(app + "/" + stage));
    }

    @Override
    public synchronized StageLock lock(StageLock lock) {
        return locks.computeIfAbsent(lock.app() + "/" + lock.stage(), k -> lock);
    }

    @Override
    public synchronized boolean unlock(String app, String stage) {
        return locks.remove(app + "/" + stage) != null;
    }

    @Override
    public synchronized Optional<String> tryAcquire(String app, String stage, String promotionId) {
        String key = app + "/" + stage;
        String holder = leases.get(key);
        if (holder == null || holder.equals(promotionId) || promotions.get(holder) == null || promotions.get(holder).status().isTerminal()) {
            leases.put(key, promotionId);
            return Optional.empty();
        }
        return Optional.of(holder);
    }

    @Override
    public synchronized void release(String app, String stage, String promotionId) {
        leases.remove(app + "/" + stage, promotionId);
    }

    /** The process running the promotion stopped: its lease stays, nobody beats for it. */
    synchronized void orphan(String promotionId) {
        orphaned.add(promotionId);
    }

    @Override
    public void beat() {
    }

    @Override
    public synchronized List<String> orphans(java.time.Duration staleness) {
        return List.copyOf(orphaned);
    }

    @Override
    public synchronized boolean adopt(String promotionId, java.time.Duration staleness) {
        return orphaned.remove(promotionId);
    }

    @Override
    public synchronized void record(StageDeployment deployment) {
        deployments.add(deployment);
    }

    @Override
    public synchronized Optional<StageDeployment> current(String app, String stage) {
        return history(app, stage, 1).stream().findFirst();
    }

    @Override
    public synchronized List<StageDeployment> history(String app, String stage, int limit) {
        return deployments.reversed().stream().filter(d -> d.app().equals(app) && (stage == null || d.stage().equals(stage)))
                .limit(limit).toList();
    }

    @Override
    public synchronized void record(Build build) {
        builds.add(build);
    }

    @Override
    public synchronized Optional<Build> latestFor(String app, Digest digest) {
        return builds.reversed().stream().filter(b -> b.app().equals(app) && b.digest().equals(digest)).findFirst();
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        audit.add(entry);
    }

    @Override
    public synchronized List<AuditEntry> entries(String promotionId, int limit) {
        return audit.stream().filter(e -> promotionId == null || promotionId.equals(e.promotionId())).limit(limit).toList();
    }

    @Override
    public synchronized void send(String promotionId, boolean proceed, String person) {
        pauseSignals.putIfAbsent(promotionId, new Signal(proceed, person));
    }

    @Override
    public synchronized Optional<Signal> take(String promotionId) {
        return Optional.ofNullable(pauseSignals.remove(promotionId));
    }

    private final Map<String, dev.signoff.promotion.spi.AbortSignals.Request> abortSignals = new HashMap<>();

    @Override
    public synchronized void send(String promotionId, String person, String reason) {
        abortSignals.putIfAbsent(promotionId, new dev.signoff.promotion.spi.AbortSignals.Request(person, reason));
    }

    @Override
    public synchronized Optional<dev.signoff.promotion.spi.AbortSignals.Request> requested(String promotionId) {
        return Optional.ofNullable(abortSignals.get(promotionId));
    }

    @Override
    public synchronized void clear(String promotionId) {
        abortSignals.remove(promotionId);
    }

    @Override
    public synchronized Optional<ReleaseRequest> findRelease(String id) {
        return Optional.ofNullable(releases.get(id)).map(ReleaseRequest::restore);
    }

    @Override
    public synchronized void save(ReleaseRequest r) {
        ReleaseRequest.Snapshot stored = releases.get(r.id());
        if (r.version() == 0 ? stored != null : stored == null || stored.version() != r.version()) {
            throw new ConcurrentChange("release " + r.id() + " was changed by someone else");
        }
        r.savedAs(r.version() + 1);
        releases.put(r.id(), r.snapshot());
    }

    @Override
    public synchronized Optional<String> releaseOf(String promotionId) {
        return releases.values().stream().filter(r -> r.members().contains(promotionId) || r.undos().contains(promotionId))
                .map(ReleaseRequest.Snapshot::id).findFirst();
    }

    @Override
    public synchronized Optional<ReleaseRequest> latestRelease(String name) {
        return releases.values().stream().filter(r -> r.name().equals(name)).reduce((a, b) -> b).map(ReleaseRequest::restore);
    }
}
