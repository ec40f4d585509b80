package dev.signoff.persistence;

import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.spi.StageLeases;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

/**
 * One lease row per (app, stage). Every write is a single statement whose outcome the database
 * decides: the primary key picks one inserter, and a takeover only replaces the exact holder it
 * read, so of two replicas racing for a stage exactly one gets it.
 */
@Repository
class JdbcStageLeases implements StageLeases {
    private final JdbcClient jdbc;

    JdbcStageLeases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Loops only when the lease changed hands between two statements; each turn re-reads the holder. */
    @Override
    public Optional<String> tryAcquire(String app, String stage, String promotionId) {
        while (true) {
            Instant now = Instant.now();
            int inserted = jdbc.sql("""
                            insert into stage_leases (app, stage, promotion_id, acquired_at)
                            values (:app, :stage, :promotionId, :now)
                            on conflict do nothing""")
                    .param("app", app)
                    .param("stage", stage)
                    .param("promotionId", promotionId)
                    .param("now", Timestamps.column(now))
                    .update();
            if (inserted == 1) {
                return Optional.empty();
            }
            Optional<String> holder = holder(app, stage);
            if (holder.isEmpty()) {
                continue;
            }
            if (holder.get().equals(promotionId)) {
                return Optional.empty();
            }
            if (!hasEnded(holder.get())) {
                return holder;
            }
            int takenOver = jdbc.sql("""
                            update stage_leases set promotion_id = :promotionId, acquired_at = :now
                            where app = :app and stage = :stage and promotion_id = :holder""")
                    .param("promotionId", promotionId)
                    .param("now", Timestamps.column(now))
                    .param("app", app)
                    .param("stage", stage)
                    .param("holder", holder.get())
                    .update();
            if (takenOver == 1) {
                return Optional.empty();
            }
        }
    }

    @Override
    public void release(String app, String stage, String promotionId) {
        jdbc.sql("delete from stage_leases where app = :app and stage = :stage and promotion_id = :promotionId")
                .param("app", app)
                .param("stage", stage)
                .param("promotionId", promotionId)
                .update();
    }

    private Optional<String> holder(String app, String stage) {
        return jdbc.sql("select promotion_id from stage_leases where app = :app and stage = :stage")
                .param("app", app)
                .param("stage", stage)
                .query(String.class)
                .optional();
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
