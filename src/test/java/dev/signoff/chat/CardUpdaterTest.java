package dev.signoff.chat;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:card-updater;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@Import({TestAdapters.class, CardUpdaterTest.RecordingPlatform.class})
@DisplayName("The card updater")
class CardUpdaterTest {

    @Autowired
    Promotions promotions;
    @Autowired
    FakeRegistry registry;
    @Autowired
    Recorder slack;


    @Test
    @DisplayName("posts one card per platform channel and edits that same message, coalesced, ending on the final state")
    void coalesces() {
        registry.push("sandbox/shop:7", Digest.sha256Of("seven"));
        PromotionRequest p = promotions.promote("alice", "shop", "7", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> !slack.updates.isEmpty()
                && slack.updates.getLast().status().startsWith("Done"));
        assertThat(slack.posts).hasSize(1);
        assertThat(slack.posts.getFirst().title()).isEqualTo("Promote shop to dev");
        assertThat(slack.channels).containsOnly("C0SHOP");
        assertThat(slack.messageIds).containsOnly(slack.ids.getFirst());
        long stepEvents = promotions.find(p.id()).orElseThrow().steps().size() * 2L;
        assertThat(slack.updates.size()).as("edits are coalesced").isLessThan((int) stepEvents);
        assertThat(slack.threadLines).contains("✓ copy: copied").anyMatch(l -> l.startsWith("succeeded"));
    }

    /** A platform that records what it is asked to show; edits at most every 300 ms. */
    static class Recorder implements ChatGateway {
        final List<Card> posts = new CopyOnWriteArrayList<>();
        final List<Card> updates = new CopyOnWriteArrayList<>();
        final List<String> channels = new CopyOnWriteArrayList<>();
        final List<String> messageIds = new CopyOnWriteArrayList<>();
        final List<String> threadLines = new CopyOnWriteArrayList<>();
        final List<String> ids = new CopyOnWriteArrayList<>();

        @Override
        public String platform() {
            return "slack";
        }

        @Override
        public String postCard(String channel, Card card) {
            posts.add(card);
            channels.add(channel);
            String id = "slack-" + java.util.UUID.randomUUID();
            ids.add(id);
            return id;
        }

        @Override
        public void updateCard(String channel, String messageId, Card card) {
            messageIds.add(messageId);
            updates.add(card);
        }

        @Override
        public void postText(String channel, String text, String threadOf) {
            threadLines.add(text);
        }

        @Override
        public Duration minUpdateInterval() {
            return Duration.ofMillis(300);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecordingPlatform {
        @Bean
        Recorder recorder() {
            return new Recorder();
        }
    }
}
