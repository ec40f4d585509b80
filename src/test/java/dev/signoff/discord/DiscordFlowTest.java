package dev.signoff.discord;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.signoff.chat.Card;
import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@DisplayName("Promotions on Discord")
class DiscordFlowTest extends DiscordAppTest {

    @Test
    @DisplayName("slash command → card in the channel → a refused and an accepted approval → progress edits → finished card without buttons")
    void promoteApproveRun() {
        Digest digest = Digest.sha256Of("discord flow");
        registry.push("sandbox/shop:flow", digest);

        // dev needs no approval: the card is posted and runs to the end by itself
        String token = token();
        JsonNode ack = json(interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "dev", "image", "flow"))).body());
        assertThat(ack.path("type").asInt()).as("deferred").isEqualTo(5);
        assertThat(ack.path("data").path("flags").asInt()).as("ephemeral").isEqualTo(64);
        String devAnswer = answer(token);
        assertThat(devAnswer).matches("Promotion \\w+ is under way\\.");
        Posted dev = card(promotionId(devAnswer));
        assertThat(dev.embed().path("title").asString()).isEqualTo("Promote shop to dev");
        JsonNode devDone = awaitEdit(dev.messageId(), e -> description(e).startsWith("**Done"));
        assertThat(devDone.path("components")).isEmpty();

        // test is approved by qa, who have no Discord identity: through the core
        promotions.recordBuild(new Build("shop", digest, null, "abc1234", "main", true, null, "test", clock.instant()));
        clock.advance(Duration.ofMinutes(31));
        String test = promotions.promote("alice", "shop", null, "test").id();
        promotions.approve("carol", test, null);
        awaitRunning("test", digest);

        // release: alice asks, is refused as an approver, bob approves
        token = token();
        interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "release")));
        String releaseAnswer = answer(token);
        assertThat(releaseAnswer).matches("Promotion \\w+ is waiting for 1 approval\\.");
        String release = promotionId(releaseAnswer);
        Posted card = card(release);
        assertThat(card.embed().path("title").asString()).isEqualTo("Promote shop to release");
        assertThat(card.embed().path("description").asString()).isEqualTo("**Waiting for 1 more approval**");
        assertThat(card.embed().path("color").asInt()).isEqualTo(DiscordComponents.colour(Card.Tone.PENDING));
        assertThat(field(card.body(), "Digest")).isEqualTo(digest.shortForm());
        assertThat(field(card.body(), "Requested by")).isEqualTo("alice");
        assertThat(field(card.body(), "Approvals")).isEqualTo("0 of 1");

        token = token();
        ack = json(interact(button(ALICE, token, card.token("Approve"))).body());
        assertThat(ack.path("type").asInt()).as("deferred update").isEqualTo(6);
        JsonNode refusal = webhook(RequestMethod.POST, token, "");
        assertThat(refusal.path("flags").asInt()).isEqualTo(64);
        assertThat(refusal.path("content").asString()).startsWith("You are not an approver for shop → release");

        token = token();
        ack = json(interact(button(BOB, token, card.token("Approve"))).body());
        assertThat(ack.path("type").asInt()).isEqualTo(6);
        JsonNode approved = webhook(RequestMethod.POST, token, "");
        assertThat(approved.path("flags").asInt()).isEqualTo(64);
        assertThat(approved.path("content").asString()).isEqualTo("You approved promotion " + release + " (1 of 1); it is starting.");

        JsonNode done = awaitEdit(card.messageId(), e -> description(e).startsWith("**Done"));
        assertThat(done.path("components")).as("no buttons on a finished card").isEmpty();
        assertThat(description(done)).contains("✓ copy");
        assertThat(done.path("embeds").path(0).path("color").asInt()).isEqualTo(DiscordComponents.colour(Card.Tone.SUCCESS));
        assertThat(field(done, "Approvals")).isEqualTo("1 of 1 (bob)");
        // details in a thread on the card
        await().atMost(Duration.ofSeconds(10)).until(() -> !requests(RequestMethod.POST, "/channels/" + card.messageId() + "/messages").isEmpty());
        assertThat(requests(RequestMethod.POST, "/channels/" + SHOP + "/messages/" + card.messageId() + "/threads")).hasSize(1);
        assertThat(body(requests(RequestMethod.POST, "/channels/" + SHOP + "/messages/" + card.messageId() + "/threads").getFirst())
                .path("name").asString()).isEqualTo("Promote shop to release");
    }

    @Test
    @DisplayName("slash command promote <release> → one card listing its apps → a refused and an accepted approval → done")
    void release() {
        // what test runs (another test may have put an image there) is what its tag points at
        Digest inTest = promotions.status("shop").stages().stream().filter(s -> s.stage().name().equals("test")).findFirst()
                .map(s -> s.current() == null ? null : s.current().digest()).orElse(null);
        registry.push("enterprise/shop:test", inTest != null ? inTest : Digest.sha256Of("discord release"));

        String token = token();
        interact(slash(ALICE, token, "promote", Map.of("app", "shopfront", "stage", "release")));
        String answer = answer(token);
        assertThat(answer).matches("Release \\w+ \\(shopfront to release\\) is waiting for approval\\.");
        String id = answer.split(" ")[1];
        Posted card = releaseCard(id);
        assertThat(card.embed().path("title").asString()).isEqualTo("Release shopfront to release");
        assertThat(card.embed().path("description").asString()).isEqualTo("**Waiting for approval of shop**");
        String shop = field(card.body(), "shop");
        assertThat(shop).matches("sha256:[0-9a-f]{12} : copy · .*");

        token = token();
        interact(button(ALICE, token, card.token("Approve")));
        assertThat(webhook(RequestMethod.POST, token, "").path("content").asString())
                .isEqualTo("You may not approve shop in release; its approvers are group:release.");

        token = token();
        assertThat(json(interact(button(BOB, token, card.token("Approve"))).body()).path("type").asInt())
                .as("no member's stage asks first: the click is the vote").isEqualTo(6);
        assertThat(webhook(RequestMethod.POST, token, "").path("content").asString())
                .isEqualTo("You approved release " + id + " (shop 1 of 1); it is starting.");

        JsonNode done = awaitEdit(card.messageId(), e -> description(e).startsWith("**Done"));
        assertThat(done.path("components")).as("no buttons on a finished card").isEmpty();
        assertThat(description(done)).contains("shop: ✓ copy");
        assertThat(registry.tags.get("enterprise/shop:release").shortForm()).isEqualTo(shop.substring(0, shop.indexOf(' ')));
    }

    @Test
    @DisplayName("two approvals by button (each confirmed), a paused rollout continued by button, each step edited into the same card")
    void twoApprovalsAndAPause() {
        Digest digest = Digest.sha256Of("discord prod");
        throughRelease(digest, "prod-flow");
        deployer.pauseAt = "canary at 10%";
        try {
            String token = token();
            interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "prod")));
            String prod = promotionId(answer(token));
            Posted card = card(prod);
            assertThat(card.embed().path("description").asString()).isEqualTo("**Waiting for 2 more approvals**");

            assertThat(approveConfirmed(BOB, card.token("Approve"))).isEqualTo("You approved promotion " + prod + " (1 of 2).");
            JsonNode oneOfTwo = awaitEdit(card.messageId(), e -> "1 of 2 (bob)".equals(field(e, "Approvals")));
            assertThat(description(oneOfTwo)).isEqualTo("**Waiting for 1 more approval**");
            assertThat(oneOfTwo.path("components").path(0).path("components")).hasSize(2);

            assertThat(approveConfirmed(ERIN, card.token("Approve"))).endsWith("(2 of 2); it is starting.");

            JsonNode paused = awaitEdit(card.messageId(), e -> description(e).startsWith("**Paused"));
            assertThat(description(paused)).contains("✓ copy").contains("… pause — canary at 10%");
            String continueToken = new Posted(card.messageId(), paused).token("Continue");
            assertThat(new Posted(card.messageId(), paused).token("Abort")).isNotEqualTo(continueToken);

            token = token();
            assertThat(json(interact(button(ERIN, token, continueToken)).body()).path("type").asInt()).isEqualTo(6);
            assertThat(webhook(RequestMethod.POST, token, "").path("content").asString()).isEqualTo("Promotion " + prod + " goes on.");

            JsonNode done = awaitEdit(card.messageId(), e -> description(e).startsWith("**Done"));
            assertThat(done.path("components")).isEmpty();
            assertThat(description(done)).contains("✓ copy").contains("✓ deploy").contains("✓ verify");
            assertThat(edits(card.messageId()).size()).as("edits").isGreaterThanOrEqualTo(3);
        } finally {
            deployer.pauseAt = null;
        }
    }

    @Test
    @DisplayName("Reject opens a form; its reason rejects the promotion and the card says so, without buttons")
    void rejectWithForm() {
        Digest digest = Digest.sha256Of("discord reject");
        throughRelease(digest, "reject-flow");
        String token = token();
        interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "prod")));
        String prod = promotionId(answer(token));
        Posted card = card(prod);

        JsonNode modal = json(interact(button(ERIN, token(), card.token("Reject"))).body());
        assertThat(modal.path("type").asInt()).as("modal").isEqualTo(9);
        String formId = modal.path("data").path("custom_id").asString();
        assertThat(formId).isEqualTo("reject:" + card.token("Reject"));
        assertThat(modal.path("data").path("components").path(0).path("component").path("custom_id").asString()).isEqualTo("reason");
        assertThat(promotions.find(prod).orElseThrow().status()).as("nothing happens before the reason").isEqualTo(PromotionStatus.PENDING_APPROVAL);

        token = token();
        JsonNode ack = json(interact(form(ERIN, token, formId, "release notes missing")).body());
        assertThat(ack.path("type").asInt()).isEqualTo(5);
        assertThat(ack.path("data").path("flags").asInt()).isEqualTo(64);
        assertThat(answer(token)).isEqualTo("You rejected promotion " + prod + ".");

        JsonNode rejected = awaitEdit(card.messageId(), e -> description(e).startsWith("**Rejected"));
        assertThat(description(rejected)).isEqualTo("**Rejected by erin: release notes missing**");
        assertThat(rejected.path("components")).isEmpty();
        assertThat(rejected.path("embeds").path(0).path("color").asInt()).isEqualTo(DiscordComponents.colour(Card.Tone.FAILURE));
        List<JsonNode> lines = await().atMost(Duration.ofSeconds(10)).until(
                () -> requests(RequestMethod.POST, "/channels/" + card.messageId() + "/messages"), l -> l.size() >= 2)
                .stream().map(DiscordAppTest::body).toList();
        // the card's approvers were called in its thread when it was posted, pinging exactly them
        assertThat(lines.get(0).path("content").asString()).isEqualTo("Approval needed from <@" + BOB + ">, <@" + ERIN + ">.");
        assertThat(lines.get(0).path("allowed_mentions").path("users").valueStream().map(JsonNode::asString)).containsExactly(BOB, ERIN);
        assertThat(lines.get(1).path("content").asString()).isEqualTo("rejected by erin: release notes missing");

        // a late click on the old card's Approve is answered privately with what happened
        token = token();
        interact(button(BOB, token, card.token("Approve")));
        JsonNode late = webhook(RequestMethod.POST, token, "");
        assertThat(late.path("flags").asInt()).isEqualTo(64);
        assertThat(late.path("content").asString()).isEqualTo("Promotion " + prod + " is no longer waiting for approval: it is rejected (release notes missing).");
    }

    @Test
    @DisplayName("Approve on prod asks privately first: Cancel counts nothing, Confirm counts once and only for the person asked")
    void approveAsksFirst() {
        Digest digest = Digest.sha256Of("discord confirm");
        throughRelease(digest, "confirm-flow");
        String token = token();
        interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "prod")));
        String prod = promotionId(answer(token));
        Posted card = card(prod);

        token = token();
        JsonNode question = json(interact(button(BOB, token, card.token("Approve"))).body());
        assertThat(question.path("type").asInt()).as("an answer, not a deferral").isEqualTo(4);
        assertThat(question.path("data").path("flags").asInt()).as("ephemeral").isEqualTo(64);
        assertThat(question.path("data").path("content").asString())
                .isEqualTo("Approve promotion of shop " + digest.shortForm() + " to prod?");
        JsonNode buttons = question.path("data").path("components").path(0).path("components");
        String confirm = buttons.path(0).path("custom_id").asString();
        assertThat(confirm).isNotEqualTo(card.token("Approve"));
        assertThat(buttons.path(1).path("custom_id").asString()).isEqualTo(InteractionHandler.NOT_APPROVED);
        assertThat(anyCallFor(token)).as("nothing follows the question").isFalse();
        assertThat(promotions.find(prod).orElseThrow().approvals()).isZero();

        JsonNode cancelled = json(interact(button(BOB, token(), InteractionHandler.NOT_APPROVED)).body());
        assertThat(cancelled.path("type").asInt()).as("the question is replaced").isEqualTo(7);
        assertThat(cancelled.path("data").path("content").asString()).isEqualTo("Not approved.");
        assertThat(cancelled.path("data").path("components")).isEmpty();
        assertThat(promotions.find(prod).orElseThrow().approvals()).isZero();

        token = token();
        answered(json(interact(button(ERIN, token, confirm)).body()));
        assertThat(answer(token)).isEqualTo("This question was asked of bob, not of you: click Approve on the card yourself.");
        assertThat(promotions.find(prod).orElseThrow().approvals()).isZero();

        token = token();
        answered(json(interact(button(BOB, token, confirm)).body()));
        assertThat(answer(token)).as("the question becomes the vote's answer").isEqualTo("You approved promotion " + prod + " (1 of 2).");
        assertThat(requests(RequestMethod.POST, Pattern.quote("/webhooks/" + APP_ID + "/" + token)))
                .as("no message besides the replaced question").isEmpty();
        token = token();
        interact(button(BOB, token, confirm));
        assertThat(answer(token)).isEqualTo("You have already voted on promotion " + prod + ".");
        assertThat(promotions.find(prod).orElseThrow().approvers()).containsExactly("bob");
    }

    @Test
    @DisplayName("someone whose vote would be refused is refused at the first click, in the vote's words, without a question")
    void refusedBeforeAsking() {
        Digest digest = Digest.sha256Of("discord refused first");
        throughRelease(digest, "refused-first");
        String token = token();
        interact(slash(BOB, token, "promote", Map.of("app", "shop", "stage", "prod")));
        String prod = promotionId(answer(token));
        Posted card = card(prod);

        assertThat(refusedAtOnce(ALICE, card.token("Approve")))
                .isEqualTo("You are not an approver for shop → prod; approvers are group:release.");
        assertThat(refusedAtOnce(BOB, card.token("Approve")))
                .as("the requester, where self-approval is off").isEqualTo("You asked for this promotion, and prod needs someone else to approve it.");
        assertThat(approveConfirmed(ERIN, card.token("Approve"))).isEqualTo("You approved promotion " + prod + " (1 of 2).");
        assertThat(refusedAtOnce(ERIN, card.token("Approve"))).isEqualTo("You have already voted on promotion " + prod + ".");
        assertThat(promotions.find(prod).orElseThrow().approvers()).containsExactly("erin");
    }

    @Test
    @DisplayName("a release into prod asks first: the question names each app and digest; Confirm counts for the person asked only, once")
    void releaseAsksFirst() {
        Digest digest = Digest.sha256Of("discord release confirm");
        throughRelease(digest, "release-confirm");
        String token = token();
        interact(slash(ALICE, token, "promote", Map.of("app", "shopfront", "stage", "prod")));
        String answer = answer(token);
        assertThat(answer).matches("Release \\w+ \\(shopfront to prod\\) is waiting for approval\\.");
        String id = answer.split(" ")[1];
        Posted card = releaseCard(id);

        assertThat(refusedAtOnce(ALICE, card.token("Approve"))).isEqualTo("You may not approve shop in prod; its approvers are group:release.");

        JsonNode question = json(interact(button(BOB, token(), card.token("Approve"))).body());
        assertThat(question.path("type").asInt()).as("the question").isEqualTo(4);
        assertThat(question.path("data").path("flags").asInt()).as("ephemeral").isEqualTo(64);
        assertThat(question.path("data").path("content").asString())
                .isEqualTo("Approve release shopfront (shop " + digest.shortForm() + ") to prod?");
        String confirm = question.path("data").path("components").path(0).path("components").path(0).path("custom_id").asString();
        assertThat(promotions.find(releases.members(releases.find(id).orElseThrow()).getFirst().id()).orElseThrow().approvals()).isZero();

        token = token();
        answered(json(interact(button(ERIN, token, confirm)).body()));
        assertThat(answer(token)).isEqualTo("This question was asked of bob, not of you: click Approve on the card yourself.");

        token = token();
        answered(json(interact(button(BOB, token, confirm)).body()));
        assertThat(answer(token)).isEqualTo("You approved release " + id + " (shop 1 of 2).");
        assertThat(refusedAtOnce(BOB, card.token("Approve"))).isEqualTo("You have already voted on release " + id + ".");
        assertThat(releases.members(releases.find(id).orElseThrow()).getFirst().approvers()).containsExactly("bob");
    }

    /** The first response to a Confirm: the question replaced at once, without its buttons (type 7). */
    private static void answered(JsonNode response) {
        assertThat(response.path("type").asInt()).as("the question is replaced").isEqualTo(7);
        assertThat(response.path("data").path("content").asString()).isEqualTo(InteractionHandler.ANSWERING);
        assertThat(response.path("data").path("components")).as("no buttons left to click").isEmpty();
    }

    /** A click on Approve that is refused without a question: the refusal, privately. */
    private String refusedAtOnce(String user, String approveToken) {
        String token = token();
        assertThat(json(interact(button(user, token, approveToken)).body()).path("type").asInt()).as("no question").isEqualTo(6);
        JsonNode refusal = webhook(RequestMethod.POST, token, "");
        assertThat(refusal.path("flags").asInt()).isEqualTo(64);
        return refusal.path("content").asString();
    }

    /** The card posted for release {@code id}. */
    private Posted releaseCard(String id) {
        ServeEvent posted = await().atMost(Duration.ofSeconds(10)).until(() -> requests(RequestMethod.POST, "/channels/" + SHOP + "/messages")
                .stream().filter(e -> body(e).path("embeds").path(0).path("footer").path("text").asString()
                        .startsWith("release " + id + " ")).toList(), list -> !list.isEmpty()).getFirst();
        return new Posted(json(posted.getResponse().getBodyAsString()).path("id").asString(), body(posted));
    }

    @Test
    @DisplayName("break-glass through the weekend freeze (Fri 16:30 in Berlin): a marked card, two confirmed approvals, it runs")
    void breakGlass() {
        Digest digest = Digest.sha256Of("discord break-glass");
        throughRelease(digest, "glass-flow");
        Instant before = clock.instant();
        clock.set(Instant.parse("2026-11-20T15:30:00Z"));
        try {
            String token = token();
            interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "prod")));
            assertThat(answer(token)).startsWith("shop prod is frozen (Fri 16:00-Mon 08:00 Europe/Berlin)");

            token = token();
            interact(slash(ALICE, token, "promote", Map.of("app", "shop", "stage", "prod", "break-glass", "checkout is down")));
            String prod = promotionId(answer(token));
            Posted card = card(prod);
            assertThat(card.embed().path("title").asString()).isEqualTo("BREAK-GLASS: Promote shop to prod");
            assertThat(field(card.body(), "Break-glass")).isEqualTo("checkout is down (through the freeze Fri 16:00-Mon 08:00 Europe/Berlin)");

            assertThat(approveConfirmed(BOB, card.token("Approve"))).isEqualTo("You approved promotion " + prod + " (1 of 2).");
            assertThat(approveConfirmed(ERIN, card.token("Approve"))).endsWith("(2 of 2); it is starting.");
            JsonNode done = awaitEdit(card.messageId(), e -> description(e).startsWith("**Done"));
            assertThat(done.path("embeds").path(0).path("title").asString()).isEqualTo("BREAK-GLASS: Promote shop to prod");
            assertThat(promotions.find(prod).orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
        } finally {
            clock.set(before);
        }
    }

    /** A click on Approve, then on the Approve of the private question it asks: the answer to the second click. */
    private String approveConfirmed(String user, String approveToken) {
        JsonNode question = json(interact(button(user, token(), approveToken)).body());
        assertThat(question.path("type").asInt()).as("the question").isEqualTo(4);
        String confirm = question.path("data").path("components").path(0).path("components").path(0).path("custom_id").asString();
        String token = token();
        answered(json(interact(button(user, token, confirm)).body()));
        return answer(token);
    }

    /** dev, test and release through the core, so a test can start at prod. */
    private void throughRelease(Digest digest, String tag) {
        registry.push("sandbox/shop:" + tag, digest);
        promotions.promote("alice", "shop", tag, "dev");
        awaitRunning("dev", digest);
        promotions.recordBuild(new Build("shop", digest, null, "abc1234", "main", true, null, "test", clock.instant()));
        clock.advance(Duration.ofMinutes(31));
        String test = promotions.promote("alice", "shop", null, "test").id();
        promotions.approve("carol", test, null);
        awaitRunning("test", digest);
        String release = promotions.promote("alice", "shop", null, "release").id();
        promotions.approve("bob", release, null);
        awaitRunning("release", digest);
    }

    /** Until the stage's deployment record names the digest (it is written just after the promotion succeeds). */
    private void awaitRunning(String stage, Digest digest) {
        await().atMost(Duration.ofSeconds(10)).until(() -> promotions.deployments("shop", stage, 1).stream()
                .anyMatch(d -> d.digest().equals(digest)));
    }
}
