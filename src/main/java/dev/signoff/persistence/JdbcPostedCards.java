package dev.signoff.persistence;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** Where each promotion's cards were posted, keyed by (platform, message id). */
@Repository
class JdbcPostedCards implements PostedCards {
    private static final RowMapper<PostedCard> CARD = (rs, n) -> new PostedCard(rs.getString("promotion_id"),
            rs.getString("platform"), rs.getString("channel"), rs.getString("message_id"),
            Timestamps.read(rs, "posted_at"));

    private final JdbcClient jdbc;

    JdbcPostedCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The first reference stored for a message stays; remembering it again changes nothing. */
    @Override
    public void remember(PostedCard card) {
        jdbc.sql("""
                        insert into posted_cards (platform, message_id, promotion_id, channel, posted_at)
                        values (:platform, :messageId, :promotionId, :channel, :postedAt)
                        on conflict do nothing""")
                .param("platform", card.platform())
                .param("messageId", card.messageId())
                .param("promotionId", card.promotionId())
                .param("channel", card.channel())
                .param("postedAt", Timestamps.column(card.postedAt()))
                .update();
    }

    @Override
    public List<PostedCard> forPromotion(String promotionId) {
        return jdbc.sql("select * from posted_cards where promotion_id = :id order by posted_at, platform, message_id")
                .param("id", promotionId)
                .query(CARD)
                .list();
    }

    @Override
    public Optional<PostedCard> byMessage(String platform, String messageId) {
        return jdbc.sql("select * from posted_cards where platform = :platform and message_id = :messageId")
                .param("platform", platform)
                .param("messageId", messageId)
                .query(CARD)
                .optional();
    }
}
