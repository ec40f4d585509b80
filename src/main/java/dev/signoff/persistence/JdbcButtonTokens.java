package dev.signoff.persistence;

import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.spi.ButtonToken;
import dev.signoff.chat.spi.ButtonTokens;
import dev.signoff.promotion.Digest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/**
 * The tokens card buttons carry, one row per token: the action by its wire id, the digest as
 * text, and the person a confirmation was asked of (null for a card's own buttons).
 */
@Repository
class JdbcButtonTokens implements ButtonTokens {
    private final JdbcClient jdbc;

    JdbcButtonTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void store(ButtonToken token) {
        jdbc.sql("""
                        insert into button_tokens (token, promotion_id, action, digest, expires_at, person)
                        values (:token, :promotionId, :action, :digest, :expiresAt, :person)""")
                .param("token", token.token())
                .param("promotionId", token.promotionId())
                .param("action", token.action().id())
                .param("digest", token.digest().toString())
                .param("expiresAt", Timestamps.column(token.expiresAt()))
                .param("person", token.person())
                .update();
    }

    @Override
    public Optional<ButtonToken> find(String token) {
        return jdbc.sql("select * from button_tokens where token = :token")
                .param("token", token)
                .query((rs, n) -> new ButtonToken(rs.getString("token"), rs.getString("promotion_id"),
                        ButtonAction.parse(rs.getString("action")), Digest.parse(rs.getString("digest")),
                        Timestamps.read(rs, "expires_at"), rs.getString("person")))
                .optional();
    }
}
