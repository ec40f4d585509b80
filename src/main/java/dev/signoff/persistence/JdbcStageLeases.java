package dev.signoff.persistence;

import dev.signoff.promotion.Ids;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.spi.RunOwnership;
import dev.signoff.promotion.spi.StageLeases;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One lease row per (app, stage), naming the promotion that holds it, the process
 * ({@code owner}) running it and when that process last beat. Every change that depends on
 * what the row says is made in a transaction holding the row lock ({@code select … for update}),
 * so racing promotions or processes are served one after the other on H2 and PostgreSQL alike
 * (H2 does not re-check an UPDATE's condition after waiting for a lock; a locking read does).
 */
@Repository
class JdbcStageLeases implements StageLeases, RunOwnership {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String owner;

    @org.springframework.beans.factory.annotation.Autowired
    JdbcStageLeases(JdbcClient jdbc, TransactionTemplate transactions) {
        this(jdbc, transactions, "signoff-" + Ids.random(10));
    }

    JdbcStageLeases(JdbcClient jdbc, TransactionTemplate transactions, String owner) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.owner = owner;
    }

    /** Loops only when the row appeared or vanished between two statements. */
    @Override
    public Optional<String> tryAcquire(String app, String stage, String promotionId) {
        while (true) {
            Optional<Optional<String>> outcome = transactions.execute(tx -> {
                Instant now = Instant.now();
                Optional<String> holder = jdbc.sql("select promotion_id from stage_leases where app = :app and stage = :stage for update")
                        .param("app", app).param("stage", stage).query(String.class).optional();
                if (holder.isEmpty()) {
                    int inserted = jdbc.sql("""
                                    insert into stage_leases (app, stage, promotion_id, acquired_at, owner, heartbeat_at)
                                    values (:app, :stage, :promotionId, :now, :owner, :now)
                                    on conflict do nothing""")
                            .param("app", app).param("stage", stage).param("promotionId", promotionId)
                            .param("now", Timestamps.column(now)).param("owner", owner)
                            .update();
                    return inserted == 1 ? Optional.of(Optional.<String>empty()) : Optional.<Optional<String>>empty();
                }
                if (holder.get().equals(promotionId)) {
                    return Optional.of(Optional.<String>empty());
                }
                if (!hasEnded(holder.get())) {
                    return Optional.of(holder);
                }
                jdbc.sql("""
                                update stage_leases set promotion_id = :promotionId, acquired_at = :now, owner = :owner,
                                       heartbeat_at = :now
                                where app = :app and stage = :stage""")
                        .param("promotionId", promotionId).param("now", Timestamps.column(now)).param("owner", owner)
                        .param("app", app).param("stage", stage)
                        .update();
                return Optional.of(Optional.<String>empty());
            });
            if (outcome != null && outcome.isPresent()) {
                return outcome.get();
            }
        }
    }

    /** A process gives back only a lease it holds: one adopted by another process stays. */
    @Override
    public void release(String app, String stage, String promotionId) {
        jdbc.sql("""
                        delete from stage_leases
                        where app = :app and stage = :stage and promotion_id = :promotionId and (owner = :owner or owner is null)""")
                .param("app", app).param("stage", stage).param("promotionId", promotionId).param("owner", owner)
                .update();
    }

    @Override
    public void beat() {
        jdbc.sql("update stage_leases set heartbeat_at = :now where owner = :owner")
                .param("now", Timestamps.column(Instant.now()))
                .param("owner", owner)
                .update();
    }

    @Override
    public List<String> orphans(Duration staleness) {
        return jdbc.sql("""
                        select promotion_id from stage_leases
                        where (heartbeat_at is null or heartbeat_at < :cutoff) and (owner is null or owner <> :owner)
                        order by acquired_at""")
                .param("cutoff", Timestamps.column(Instant.now().minus(staleness)))
                .param("owner", owner)
                .query(String.class)
                .list();
    }

    @Override
    public boolean adopt(String promotionId, Duration staleness) {
        Boolean adopted = transactions.execute(tx -> {
            Instant now = Instant.now();
            Optional<String> stale = jdbc.sql("""
                            select coalesce(owner, '') from stage_leases
                            where promotion_id = :promotionId and (heartbeat_at is null or heartbeat_at < :cutoff)
                            for update""")
                    .param("promotionId", promotionId)
                    .param("cutoff", Timestamps.column(now.minus(staleness)))
                    .query(String.class)
                    .optional();
            if (stale.isEmpty() || stale.get().equals(owner)) {
                return false;
            }
            return jdbc.sql("update stage_leases set owner = :owner, heartbeat_at = :now where promotion_id = :promotionId")
                    .param("owner", owner).param("now", Timestamps.column(now)).param("promotionId", promotionId)
                    .update() == 1;
        });
        return Boolean.TRUE.equals(adopted);
    }

    /** A holder that has ended, or that was never stored, no longer needs the stage. */
    private boolean hasEnded(String promotionId) {
        return jdbc.sql("select status from promotions where id = :id")
                .param("id", promotionId)
                .query(String.class)
                .optional()
                .map(status -> PromotionStatus.valueOf(status).isTerminal())
                .orElse(true);
    }
}
