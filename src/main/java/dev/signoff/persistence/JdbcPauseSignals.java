package dev.signoff.persistence;

import dev.signoff.promotion.spi.PauseSignals;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Optional;

/** Pause signals as one row per promotion; taking one reads and deletes it under the row lock. */
@Repository
class JdbcPauseSignals implements PauseSignals {
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    JdbcPauseSignals(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void send(String promotionId, boolean proceed, String person) {
        jdbc.sql("""
                        insert into pause_signals (promotion_id, proceed, person, sent_at)
                        values (:id, :proceed, :person, :at) on conflict do nothing""")
                .param("id", promotionId).param("proceed", proceed).param("person", person)
                .param("at", Timestamps.column(Instant.now()))
                .update();
    }

    @Override
    public Optional<Signal> take(String promotionId) {
        return transactions.execute(tx -> {
            Optional<Signal> signal = jdbc.sql("select proceed, person from pause_signals where promotion_id = :id for update")
                    .param("id", promotionId)
                    .query((rs, i) -> new Signal(rs.getBoolean(1), rs.getString(2)))
                    .optional();
            signal.ifPresent(s -> jdbc.sql("delete from pause_signals where promotion_id = :id").param("id", promotionId).update());
            return signal;
        });
    }
}
