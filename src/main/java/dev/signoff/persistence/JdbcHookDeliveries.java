package dev.signoff.persistence;

import dev.signoff.ci.spi.HookDeliveries;
import dev.signoff.ci.spi.HookDelivery;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;

/** Accepted CI and registry notifications, keyed by (source, delivery id). */
@Repository
class JdbcHookDeliveries implements HookDeliveries {
    private static final int OUTCOME_LENGTH = 2000;

    private final JdbcClient jdbc;

    JdbcHookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                            insert into hook_deliveries (source, delivery_id, apps, kind, image, commit_sha, received_at)
                            values (:source, :deliveryId, :apps, :kind, :image, :commit, :receivedAt)
                            on conflict do nothing""")
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
}
