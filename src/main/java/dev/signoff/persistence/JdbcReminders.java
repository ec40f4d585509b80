package dev.signoff.persistence;

import dev.signoff.chat.spi.Reminders;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;

/** One row per promotion whose reminder went out: the primary key lets one replica claim it. */
@Repository
class JdbcReminders implements Reminders {
    private final JdbcClient jdbc;

    JdbcReminders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claim(String promotionId, Instant at) {
        try {
            return jdbc.sql("insert into reminders (promotion_id, sent_at) values (:id, :at)")
                    .param("id", promotionId)
                    .param("at", Timestamps.column(at))
                    .update() == 1;
        } catch (DuplicateKeyException alreadySent) {
            return false;
        }
    }

    @Override
    public void release(String promotionId) {
        jdbc.sql("delete from reminders where promotion_id = :id").param("id", promotionId).update();
    }
}
