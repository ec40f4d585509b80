package dev.signoff.persistence;

import dev.signoff.promotion.StageLock;
import dev.signoff.promotion.spi.StageLocks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** Locks people put on stages, one row per (app, stage). */
@Repository
class JdbcStageLocks implements StageLocks {
    private final JdbcClient jdbc;

    JdbcStageLocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StageLock> find(String app, String stage) {
        return jdbc.sql("select * from stage_locks where app = :app and stage = :stage")
                .param("app", app)
                .param("stage", stage)
                .query((rs, n) -> new StageLock(rs.getString("app"), rs.getString("stage"), rs.getString("holder"),
                        rs.getString("reason"), Timestamps.read(rs, "since")))
                .optional();
    }

    /**
     * The primary key decides between two people locking at once; the loser gets the winner's lock.
     * It loops only when the stage was unlocked between its insert and its read.
     */
    @Override
    public StageLock lock(StageLock lock) {
        while (true) {
            jdbc.sql("""
                            insert into stage_locks (app, stage, holder, reason, since)
                            values (:app, :stage, :holder, :reason, :since)
                            on conflict do nothing""")
                    .param("app", lock.app())
                    .param("stage", lock.stage())
                    .param("holder", lock.holder())
                    .param("reason", lock.reason())
                    .param("since", Timestamps.column(lock.since()))
                    .update();
            Optional<StageLock> inForce = find(lock.app(), lock.stage());
            if (inForce.isPresent()) {
                return inForce.get();
            }
        }
    }

    @Override
    public boolean unlock(String app, String stage) {
        return jdbc.sql("delete from stage_locks where app = :app and stage = :stage")
                .param("app", app)
                .param("stage", stage)
                .update() > 0;
    }
}
