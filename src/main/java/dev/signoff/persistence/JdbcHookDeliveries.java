package dev.signoff.persistence;

import dev.signoff.ci.spi.HookDeliveries;
import dev.signoff.ci.spi.HookDelivery;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

/** Accepted CI and registry notifications, keyed by (source, delivery id). */
@Repository
class JdbcHookDeliveries implements HookDeliveries {
    private static final int OUTCOME_LENGTH = 2000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    JdbcHookDeliveries(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * One statement, so the database decides between racing claims: the insert that takes the
     * key wins, the others insert nothing ({@code on conflict do nothing}, or a duplicate-key
     * error where a concurrent insert is still being committed).
     */
    @Override
    public boolean claim(HookDelivery d) {
        try {
            return jdbc.sql("""
                            insert into hook_deliveries (source, delivery_id, apps, kind, image, commit_sha, received_at, work)
                            values (:source, :deliveryId, :apps, :kind, :image, :commit, :receivedAt, :work)
                            on conflict do nothing""")
                    .param("work", d.work())
                    .param("source", d.source())
                    .param("deliveryId", d.deliveryId())
                    .param("apps", d.apps())
                    .param("kind", d.kind())
                    .param("image", d.image())
                    .param("commit", d.commit())
                    .param("receivedAt", Timestamps.column(d.receivedAt()))
                    .update() == 1;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    @Override
    public void finish(String source, String deliveryId, String outcome, Instant at) {
        jdbc.sql("update hook_deliveries set outcome = :outcome, finished_at = :at where source = :source and delivery_id = :id")
                .param("outcome", outcome.length() > OUTCOME_LENGTH ? outcome.substring(0, OUTCOME_LENGTH - 1) + "…" : outcome)
                .param("at", Timestamps.column(at))
                .param("source", source)
                .param("id", deliveryId)
                .update();
    }

    @Override
    public List<HookDelivery> unfinished(Instant takenBefore) {
        return jdbc.sql("""
                        select source, delivery_id, apps, kind, image, commit_sha, received_at, work from hook_deliveries
                        where finished_at is null and work is not null and received_at < :before
                        order by received_at""")
                .param("before", Timestamps.column(takenBefore))
                .query((rs, i) -> new HookDelivery(rs.getString("source"), rs.getString("delivery_id"), rs.getString("apps"),
                        rs.getString("kind"), rs.getString("image"), rs.getString("commit_sha"),
                        Timestamps.read(rs, "received_at"), rs.getString("work")))
                .list();
    }

    /** Under the row lock, so that of racing processes only the first still finds the old time. */
    @Override
    public boolean retake(String source, String deliveryId, Instant takenBefore, Instant now) {
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean stale = jdbc.sql("""
                            select delivery_id from hook_deliveries
                            where source = :source and delivery_id = :id and finished_at is null and received_at < :before
                            for update""")
                    .param("source", source)
                    .param("id", deliveryId)
                    .param("before", Timestamps.column(takenBefore))
                    .query(String.class)
                    .optional()
                    .isPresent();
            return stale && jdbc.sql("update hook_deliveries set received_at = :now where source = :source and delivery_id = :id")
                    .param("now", Timestamps.column(now))
                    .param("source", source)
                    .param("id", deliveryId)
                    .update() == 1;
        }));
    }
}
