package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import dev.signoff.chat.spi.Reminders;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.Core;
import dev.signoff.promotion.Group;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.TestPipelines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mentions when a card is posted and the one reminder at half its time, on the core with
 * in-memory ports and a clock the test moves (prod: two of release [bob, erin], not the requester,
 * 24 hours to approve).
 */
@DisplayName("Approvers are called when a card is posted, and reminded once")
class ApproverCallsTest {
    private final Reminders reminders = new MemoryReminders();
    private final MemoryCards cards = new MemoryCards();
    private final Recording slack = new Recording("slack");

    @Test
    @DisplayName("a new card mentions the approvers who may vote: bob and erin, not alice who asked")
    void mentionsOnPost() {
        Core core = new Core(TestPipelines.shop());
        PromotionRequest prod = prod(core);
        calls(core).announce(List.of(prod), slack, "C-SHOP", "ts-1");

        assertThat(slack.lines).containsExactly(new Posted("C-SHOP", "ts-1", new Mention.Line("Approval needed from ",
                List.of(new Mention("bob", false, "U-bob"), new Mention("erin", false, "U-erin")), ".")));
    }

    @Test
    @DisplayName("at half the expiry, those who have not voted are reminded in the card's thread, once, also after a restart")
    void remindsOnceAtHalfTime() {
        Core core = new Core(TestPipelines.shop());
        PromotionRequest prod = prod(core);
        cards.remember(new PostedCard(prod.id(), "slack", "C-SHOP", "ts-1", core.clock.instant()));
        ApproverCalls calls = calls(core);

        core.clock.advance(Duration.ofHours(11).plusMinutes(59));
        assertThat(calls.remindDue()).as("before half time").isZero();
        core.promotions.approve("bob", prod.id(), null);
        core.clock.advance(Duration.ofMinutes(1));
        assertThat(calls.remindDue()).isEqualTo(1);
        assertThat(slack.lines).containsExactly(new Posted("C-SHOP", "ts-1", new Mention.Line("Still waiting for your approval: ",
                List.of(new Mention("erin", false, "U-erin")), ", expires in 12h")));

        core.clock.advance(Duration.ofHours(1));
        assertThat(calls.remindDue()).as("the same process again").isZero();
        assertThat(calls(core).remindDue()).as("another replica, or this one after a restart").isZero();
        assertThat(slack.lines).hasSize(1);
    }

    @Test
    @DisplayName("a reminder the chat platform refused is given back and sent at the next sweep, then never again")
    void refusedReminderIsRetried() {
        Core core = new Core(TestPipelines.shop());
        PromotionRequest prod = prod(core);
        cards.remember(new PostedCard(prod.id(), "slack", "C-SHOP", "ts-1", core.clock.instant()));
        slack.failures = 1;
        ApproverCalls calls = calls(core);

        core.clock.advance(Duration.ofHours(12));
        assertThat(calls.remindDue()).as("claimed, then refused by Slack").isEqualTo(1);
        assertThat(slack.lines).isEmpty();
        core.clock.advance(Duration.ofSeconds(30));
        assertThat(calls.remindDue()).as("the next sweep").isEqualTo(1);
        assertThat(slack.lines).hasSize(1);
        core.clock.advance(Duration.ofSeconds(30));
        assertThat(calls.remindDue()).isZero();
        assertThat(slack.lines).hasSize(1);
    }

    @Test
    @DisplayName("remind: false on the stage: no mention when posted, no reminder")
    void remindOff() {
        Core core = new Core(TestPipelines.withStage(TestPipelines.shop(), "prod", ApproverCallsTest::quiet));
        PromotionRequest prod = prod(core);
        cards.remember(new PostedCard(prod.id(), "slack", "C-SHOP", "ts-1", core.clock.instant()));
        ApproverCalls calls = calls(core);
        calls.announce(List.of(prod), slack, "C-SHOP", "ts-1");
        core.clock.advance(Duration.ofHours(13));

        assertThat(calls.remindDue()).isZero();
        assertThat(slack.lines).isEmpty();
    }

    @Test
    @DisplayName("a card that does not expire is mentioned when posted but never reminded")
    void noExpiryNoReminder() {
        Core core = new Core(TestPipelines.shop());
        core.registry.push("enterprise/shop:test", TestPipelines.D2);
        PromotionRequest release = core.promotions.promote("alice", "shop", null, "release");
        cards.remember(new PostedCard(release.id(), "slack", "C-SHOP", "ts-2", core.clock.instant()));
        ApproverCalls calls = calls(core);
        calls.announce(List.of(release), slack, "C-SHOP", "ts-2");
        core.clock.advance(Duration.ofDays(30));

        assertThat(calls.remindDue()).isZero();
        assertThat(slack.lines).hasSize(1);
        assertThat(slack.lines.getFirst().line().plain()).isEqualTo("Approval needed from bob, erin.");
    }

    @Test
    @DisplayName("a group linked to a Slack user group or holding a Discord role is mentioned whole there; elsewhere its members by name")
    void groups() {
        PipelineConfig config = TestPipelines.shop(new Group("release", List.of("bob"), Map.of("slack", "S0RELEASE"),
                Map.of("discord", "112233445566778899")));
        Core core = new Core(config);
        PromotionRequest prod = prod(core);
        var policy = config.stage("shop", "prod").orElseThrow().approval();

        assertThat(ApproverMentions.of(prod, policy, config, "slack")).containsExactly(new Mention("release", true, "S0RELEASE"));
        assertThat(ApproverMentions.of(prod, policy, config, "discord")).containsExactly(new Mention("release", true, "112233445566778899"));
        assertThat(ApproverMentions.of(prod, policy, config, "console")).containsExactly(new Mention("bob", false, "bob"));
    }

    @Test
    @DisplayName("a release is reminded once, in its card's thread, at half the time of the member that expires first, naming who its waiting members still need")
    void releaseRemindedOnce() {
        Core core = new Core(TestPipelines.storefront());
        String release = storefront(core);
        ApproverCalls calls = calls(core);

        core.clock.advance(Duration.ofMinutes(59));
        assertThat(calls.remindDue()).as("before half of cart's two hours").isZero();
        core.releases.approve("carol", release);
        core.clock.advance(Duration.ofMinutes(1));
        assertThat(calls.remindDue()).isEqualTo(1);
        assertThat(slack.lines).containsExactly(new Posted("C-STORE", "ts-9", new Mention.Line("Still waiting for your approval: ",
                List.of(new Mention("erin", false, "U-erin")), ", expires in 1h")));

        core.clock.advance(Duration.ofMinutes(30));
        assertThat(calls.remindDue()).as("the same process again").isZero();
        assertThat(calls(core).remindDue()).as("another replica, or this one after a restart").isZero();
        assertThat(slack.lines).hasSize(1);
    }

    @Test
    @DisplayName("a release reminds when one member's stage reminds, naming only the approvers of reminding members; never when none does")
    void releaseRemindOff() {
        Core partly = new Core(storefrontQuiet(Set.of("cart")));
        storefront(partly);
        partly.clock.advance(Duration.ofHours(1));
        assertThat(calls(partly).remindDue()).isEqualTo(1);
        assertThat(slack.lines).singleElement().extracting(p -> p.line().plain())
                .isEqualTo("Still waiting for your approval: carol, dave, expires in 1h");

        slack.lines.clear();
        Core silent = new Core(storefrontQuiet(Set.of("shop", "cart", "payments")));
        storefront(silent);
        silent.clock.advance(Duration.ofHours(1));
        assertThat(calls(silent).remindDue()).isZero();
        assertThat(slack.lines).isEmpty();
    }

    /** storefront asked for by alice into test, its card posted on Slack; returns the release's id. */
    private String storefront(Core core) {
        core.registry.push("sandbox/shop:dev", TestPipelines.D1);
        core.registry.push("sandbox/cart:dev", TestPipelines.D2);
        core.registry.push("sandbox/payments:dev", TestPipelines.D3);
        String id = core.releases.promote("alice", "storefront", null, "test").id();
        cards.remember(new PostedCard(id, "slack", "C-STORE", "ts-9", core.clock.instant()));
        return id;
    }

    /** The storefront pipelines with {@code remind: false} on the test stage of the given apps. */
    private static PipelineConfig storefrontQuiet(Set<String> quietApps) {
        PipelineConfig c = TestPipelines.storefront();
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        c.apps().forEach((name, app) -> apps.put(name, !quietApps.contains(name) ? app : new AppConfig(app.name(), app.channels(),
                app.stages().stream().map(s -> s.name().equals("test") ? quiet(s) : s).toList(), app.source(), app.commitUrl())));
        return new PipelineConfig(c.people(), c.groups(), c.registries(), c.clusters(), c.cloudflare(), c.monitoring(), apps, c.releases());
    }

    private ApproverCalls calls(Core core) {
        return new ApproverCalls(core.promotions, core.releases, cards, reminders, List.of(slack), core.clock);
    }

    private static PromotionRequest prod(Core core) {
        core.registry.push("enterprise/shop:release", TestPipelines.D1);
        return core.promotions.promote("alice", "shop", null, "prod");
    }

    private static Stage quiet(Stage s) {
        return new Stage(s.name(), s.image(), s.deploy(), s.approval(), s.gates(), s.freeze(), s.analysis(), s.expose(),
                s.copyAttachments(), s.attest(), s.supersede(), s.gitops(), false);
    }

    record Posted(String channel, String threadOf, Mention.Line line) {
    }

    /** A platform that records the mention lines it is asked to post. */
    static final class Recording implements ChatGateway {
        final List<Posted> lines = new CopyOnWriteArrayList<>();
        /** How many of the next mention lines the platform refuses. */
        volatile int failures;
        private final String platform;

        Recording(String platform) {
            this.platform = platform;
        }

        @Override
        public String platform() {
            return platform;
        }

        @Override
        public String postCard(String channel, Card card) {
            throw new UnsupportedOperationException("only mentions are posted here");
        }

        @Override
        public void updateCard(String channel, String messageId, Card card) {
            throw new UnsupportedOperationException("only mentions are posted here");
        }

        @Override
        public void postText(String channel, String text, String threadOf) {
            throw new UnsupportedOperationException("only mentions are posted here");
        }

        @Override
        public void postMentions(String channel, Mention.Line line, String threadOf) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("chat.postMessage failed: 503");
            }
            lines.add(new Posted(channel, threadOf, line));
        }
    }

    static final class MemoryReminders implements Reminders {
        private final Set<String> sent = ConcurrentHashMap.newKeySet();

        @Override
        public boolean claim(String promotionId, Instant at) {
            return sent.add(promotionId);
        }

        @Override
        public void release(String promotionId) {
            sent.remove(promotionId);
        }
    }

    static final class MemoryCards implements PostedCards {
        private final List<PostedCard> cards = new CopyOnWriteArrayList<>();

        @Override
        public void remember(PostedCard card) {
            cards.add(card);
        }

        @Override
        public List<PostedCard> forPromotion(String promotionId) {
            return cards.stream().filter(c -> c.promotionId().equals(promotionId)).toList();
        }

        @Override
        public Optional<PostedCard> byMessage(String platform, String messageId) {
            return cards.stream().filter(c -> c.platform().equals(platform) && c.messageId().equals(messageId)).findFirst();
        }
    }
}
