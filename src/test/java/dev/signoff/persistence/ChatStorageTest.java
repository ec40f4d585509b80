package dev.signoff.persistence;

import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.spi.ButtonToken;
import dev.signoff.chat.spi.PostedCard;
import dev.signoff.promotion.Refusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.signoff.persistence.TestPromotions.DIGEST;
import static dev.signoff.persistence.TestPromotions.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Posted cards and button tokens")
class ChatStorageTest extends DatabaseTest {
    private JdbcPostedCards cards;
    private JdbcButtonTokens tokens;

    @BeforeEach
    void repositories() {
        cards = new JdbcPostedCards(db.jdbc());
        tokens = new JdbcButtonTokens(db.jdbc());
    }

    @Test
    @DisplayName("remember a card once even when told twice, and find it by message or by promotion")
    void rememberIsIdempotent() {
        PostedCard slack = new PostedCard("p-1", "slack", "C0SHOP", "1712345678.000100", at(0));
        PostedCard discord = new PostedCard("p-1", "discord", "1122334455", "998877", at(1));
        cards.remember(slack);
        cards.remember(slack);
        cards.remember(new PostedCard("p-1", "slack", "C0SHOP", "1712345678.000100", at(5)));
        cards.remember(discord);
        cards.remember(new PostedCard("p-2", "console", "shop", "m-1", at(2)));

        assertThat(cards.forPromotion("p-1")).containsExactly(slack, discord);
        assertThat(cards.byMessage("slack", "1712345678.000100")).contains(slack);
        assertThat(cards.byMessage("discord", "1712345678.000100")).isEmpty();
        assertThat(cards.forPromotion("p-3")).isEmpty();
    }

    @Test
    @DisplayName("store button tokens and find them again, action and digest typed; an unknown token finds nothing")
    void buttonTokens() {
        ButtonToken approve = new ButtonToken("tok-approve-8f2a", "p-1", ButtonAction.APPROVE, DIGEST, at(86400));
        ButtonToken carryOn = new ButtonToken("tok-continue-1b7c", "p-1", ButtonAction.CONTINUE, DIGEST, null);
        tokens.store(approve);
        tokens.store(carryOn);

        assertThat(tokens.find("tok-approve-8f2a")).contains(approve);
        assertThat(tokens.find("tok-continue-1b7c")).contains(carryOn);
        assertThat(tokens.find("tok-unknown")).isEmpty();
        assertThat(db.jdbc().sql("select action from button_tokens where token = 'tok-approve-8f2a'").query(String.class).single())
                .isEqualTo("approve");
    }

    @Test
    @DisplayName("a confirmation's token keeps the one person it was asked of; a card's own tokens have none")
    void confirmationToken() {
        ButtonToken confirm = new ButtonToken("tok-confirm-5d1e", "p-1", ButtonAction.CONFIRM, DIGEST, at(900), "bob");
        tokens.store(confirm);
        tokens.store(new ButtonToken("tok-approve-77aa", "p-1", ButtonAction.APPROVE, DIGEST, at(900)));

        assertThat(tokens.find("tok-confirm-5d1e")).contains(confirm);
        assertThat(tokens.find("tok-confirm-5d1e").orElseThrow().person()).isEqualTo("bob");
        assertThat(tokens.find("tok-approve-77aa").orElseThrow().person()).isNull();
    }

    @Test
    @DisplayName("a stored token whose action this version does not know is refused in plain words")
    void unknownAction() {
        db.jdbc().sql("insert into button_tokens (token, promotion_id, action, digest) values ('tok-later', 'p-1', 'snooze', :digest)")
                .param("digest", DIGEST.toString()).update();

        assertThatThrownBy(() -> tokens.find("tok-later")).isInstanceOf(Refusal.class).hasMessage(ButtonAction.NOT_KNOWN);
    }
}
