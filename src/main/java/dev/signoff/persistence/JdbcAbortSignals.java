package dev.signoff.persistence;

import dev.signoff.promotion.spi.AbortSignals;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

/** Abort requests as one row per promotion; the first request is kept. */
@Repository
class JdbcAbortSignals implements AbortSignals {
    private final JdbcClient jdbc;

    JdbcAbortSignals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void send(String promotionId, String person, String reason) {
        jdbc.sql("""
                        insert into abort_signals (promotion_id, person, reason, sent_at)
                        values (:id, :person, :reason, :at) on conflict do nothing""")
                .param("id", promotionId).param("person", person).param("reason", reason)
                .param("at", Timestamps.column(Instant.now()))
                .update();
    }

    @Override
    public Optional<Request> requested(String promotionId) {
        return jdbc.sql("select person, reason from abort_signals where promotion_id = :id")
                .param("id", promotionId)
                .query((rs, i) -> new Request(rs.getString(1), rs.getString(2)))
                .optional();
    }

    @Override
    public void clear(String promotionId) {
        jdbc.sql("delete from abort_signals where promotion_id = :id").param("id", promotionId).update();
    }
}
