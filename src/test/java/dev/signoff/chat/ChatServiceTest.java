package dev.signoff.chat;

import dev.signoff.chat.spi.ButtonToken;
import dev.signoff.chat.spi.ButtonTokens;
import dev.signoff.promotion.Digest;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:card-updater;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import({TestAdapters.class, CardUpdaterTest.RecordingPlatform.class})
@DisplayName("The chat service")
class ChatServiceTest {
    @Autowired
    ChatService chat;
    @Autowired
    ButtonTokens tokens;
    @Autowired
    MutableClock clock;
    @Autowired
    FakeRegistry registry;
    @Autowired
    JdbcClient jdbc;

    @Test
    @DisplayName("an unknown or expired button answers privately that the request has expired")
    void expiredButtons() {
        assertThat(chat.click("console", "bob", "no-such-token", null))
                .isEqualTo(Answer.privately("This request has expired. Ask for the promotion again with /signoff promote."));
        tokens.store(new ButtonToken("old-token", "p1", ButtonAction.APPROVE, Digest.sha256Of("x"), clock.instant().minus(Duration.ofMinutes(1))));
        assertThat(chat.click("console", "bob", "old-token", null).text()).startsWith("This request has expired");
    }

    @Test
    @DisplayName("a button whose stored action this version does not know answers privately that it is not known")
    void unknownAction() {
        jdbc.sql("insert into button_tokens (token, promotion_id, action, digest) values ('later-token', 'p1', 'snooze', :digest)")
                .param("digest", Digest.sha256Of("x").toString()).update();

        assertThat(chat.click("console", "bob", "later-token", null)).isEqualTo(Answer.privately("This button is not one I know."));
        assertThat(chat.asksForReason("later-token")).isFalse();
    }

    @Test
    @DisplayName("help is private; status is for the channel; a stranger is told how to be added")
    void answers() {
        assertThat(chat.command("console", "alice", "/signoff help").isPrivate()).isTrue();
        Answer status = chat.command("console", "alice", "/signoff status shop");
        assertThat(status.isPrivate()).isFalse();
        assertThat(status.text()).startsWith("shop:").contains("• dev:").contains("• prod:");
        assertThat(chat.command("console", "mallory", "/signoff status shop").text()).contains("add you under people:");
        assertThat(chat.command("slack", "U-nobody", "/signoff help").isPrivate()).isTrue();
    }

    @Test
    @DisplayName("lock and unlock are announced in the channel; refusals are private and in plain words")
    void lockUnlock() {
        Answer locked = chat.command("console", "bob", "/signoff lock shop prod incident 42");
        assertThat(locked).isEqualTo(Answer.inChannel("🔒 shop prod is locked by bob: incident 42. No promotion starts there until it is unlocked."));
        Answer refused = chat.command("console", "alice", "/signoff promote shop to prod");
        assertThat(refused.isPrivate()).isTrue();
        assertThat(refused.text()).contains("locked by bob (incident 42)");
        assertThat(chat.command("console", "bob", "/signoff unlock shop prod").text()).contains("unlocked by bob");
        assertThat(chat.command("console", "bob", "/signoff unlock shop prod")).isEqualTo(Answer.privately("shop prod was not locked."));
    }

    @Test
    @DisplayName("history lists recent promotions of an app")
    void history() {
        registry.push("sandbox/shop:h1", Digest.sha256Of("h1"));
        chat.command("console", "alice", "/signoff promote shop h1 to dev");
        Answer history = chat.command("console", "alice", "/signoff history shop dev");
        assertThat(history.text()).startsWith("Recent promotions of shop to dev:").contains("by alice");
        assertThat(chat.command("console", "alice", "/signoff history shop nowhere").text()).contains("no stage 'nowhere'");
    }
}
