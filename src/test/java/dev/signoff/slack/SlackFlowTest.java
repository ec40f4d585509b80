package dev.signoff.slack;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.signoff.promotion.Digest;
import dev.signoff.testing.FakeDeployer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signed Slack requests into the running application, with the Slack Web API as WireMock: the
 * whole life of a card in one message, the reject form, private refusals, and forgeries.
 */
@DisplayName("Slack, end to end")
class SlackFlowTest extends SlackAppTest {

    @Autowired
    FakeDeployer deployer;
    @Autowired
    JdbcClient jdbc;

    @Test
    @DisplayName("/signoff promote → card posted → two approvals by button → the same message edited through the run → finished without buttons")
    void wholeLife() {
        String ts = pendingProdCard();
        Map<String, String> card = lastVersion(ts);
        assertThat(card.get("text")).isEqualTo("Promote shop to prod: Waiting for 2 more approvals");
        JsonNode blocks = blocks(card);
        assertThat(blocks.toString()).contains("0 of 2").contains("*Requested by*\\nalice");
        String approve = button(blocks, "approve");

        assertThat(clickAnswer(BOB, ts, "approve", approve)).contains("You approved promotion").contains("(1 of 2)");
        await().atMost(WAIT).until(() -> lastVersion(ts).get("blocks").contains("1 of 2 (bob)"));

        assertThat(clickAnswer(ALICE, ts, "approve", approve)).contains("not an approver");

        assertThat(clickAnswer(ERIN, ts, "approve", approve)).contains("(2 of 2)");
        await().atMost(WAIT).until(() -> lastVersion(ts).get("text").startsWith("Promote shop to prod: Done"));
        JsonNode done = blocks(lastVersion(ts));
        assertThat(done.toString()).contains("✓ copy").contains("✓ deploy").contains("✓ verify").doesNotContain("\"actions\"");
        assertThat(find(done, "actions")).isNull();

        List<LoggedRequest> edits = SlackApiStub.server().findAll(postRequestedFor(urlEqualTo("/api/chat.update"))).stream()
                .filter(r -> ts.equals(SlackPayloads.form(r.getBodyAsString()).get("ts"))).toList();
        assertThat(edits).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < edits.size(); i++) {
            long gap = edits.get(i).getLoggedDate().getTime() - edits.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("edits of one card are at least ~2 s apart").isGreaterThanOrEqualTo(1900);
        }
        assertThat(SlackApiStub.calls("chat.postMessage")).filteredOn(m -> ts.equals(m.get("thread_ts")))
                .extracting(m -> m.get("text")).anySatisfy(t -> assertThat(t).startsWith("✓ deploy"));
        assertThat(SlackApiStub.calls("chat.postMessage")).filteredOn(m -> ts.equals(m.get("ts"))).isEmpty();
    }

    @Test
    @DisplayName("/signoff promote <release> → one card listing each app, its Approve asking first → one approval by button → every app published, the card says done")
    void release() {
        Digest web = Digest.sha256Of("slack web " + TAGS.incrementAndGet());
        Digest api = Digest.sha256Of("slack api " + TAGS.incrementAndGet());
        registry.push("sandbox/web:dev", web);
        registry.push("sandbox/api:dev", api);

        command(ALICE, "promote site to live", "site");
        assertThat(response("site").get("text").asString()).startsWith("Release ").endsWith(" (site to live) is waiting for approval.");
        String ts = cardTs("Release site to live: Waiting for approval of web, api");
        JsonNode blocks = blocks(lastVersion(ts));
        assertThat(blocks.toString()).contains("*web*\\n" + web.shortForm() + " : copy").contains("*api*\\n" + api.shortForm() + " : copy")
                .contains("web 0 of 1, api 0 of 1");
        String approve = button(blocks, "approve");
        JsonNode confirm = find(blocks, "actions").get("elements").get(0).get("confirm");
        assertThat(confirm.get("text").get("text").asString()).as("api's live stage confirms: Slack asks before it sends the click")
                .isEqualTo("Approve release site (web " + web.shortForm() + ", api " + api.shortForm() + ") to live?");
        assertThat(confirm.get("confirm").get("text").asString()).isEqualTo("Approve");
        assertThat(find(blocks, "actions").get("elements").get(1).get("confirm")).as("Reject").isNull();

        assertThat(clickAnswer(BOB, ts, "approve", approve)).isEqualTo("You may not approve web in live; its approvers are carol.");
        assertThat(clickAnswer(CAROL, ts, "approve", approve)).contains("You approved release").endsWith("; it is starting.");

        await().atMost(WAIT).until(() -> lastVersion(ts).get("text").startsWith("Release site to live: Done"));
        assertThat(lastVersion(ts).get("text")).isEqualTo("Release site to live: Done: deployed web " + web.shortForm() + ", api " + api.shortForm());
        assertThat(find(blocks(lastVersion(ts)), "actions")).isNull();
        assertThat(registry.tags).containsEntry("enterprise/web:live", web).containsEntry("enterprise/api:live", api);
        assertThat(SlackApiStub.calls("chat.postMessage")).as("no card of a member's own")
                .noneMatch(m -> m.get("text") != null && m.get("text").startsWith("Promote web"));
    }

    @Test
    @DisplayName("a rollout paused at a checkpoint shows Continue and Abort; Continue in Slack lets it finish")
    void continueAtCheckpoint() {
        String ts = pendingProdCard();
        String approve = button(blocks(lastVersion(ts)), "approve");
        deployer.pauseAt = "canary at 10%: Continue to go on, or Abort";
        try {
            clickAnswer(BOB, ts, "approve", approve);
            clickAnswer(ERIN, ts, "approve", approve);
            await().atMost(WAIT).until(() -> lastVersion(ts).get("text").equals("Promote shop to prod: Paused"));
            JsonNode paused = blocks(lastVersion(ts));
            assertThat(paused.toString()).contains("… pause — canary at 10%");
            assertThat(find(paused, "actions").get("elements")).extracting(e -> e.get("action_id").asString())
                    .containsExactly("continue", "abort");
            String carry = button(paused, "continue");

            assertThat(clickAnswer(CAROL, ts, "continue", carry)).contains("Only alice").contains("can continue");
            assertThat(clickAnswer(ALICE, ts, "continue", carry)).contains("goes on");
        } finally {
            deployer.pauseAt = null;
        }
        await().atMost(WAIT).until(() -> lastVersion(ts).get("text").startsWith("Promote shop to prod: Done"));
        assertThat(find(blocks(lastVersion(ts)), "actions")).isNull();
    }

    @Test
    @DisplayName("Reject opens a form for the reason; submitting it rejects, and the card says who and why")
    void rejectByModal() {
        String ts = pendingProdCard();
        String reject = button(blocks(lastVersion(ts)), "reject");
        click(BOB, ts, "reject", reject);
        Map<String, String> open = await().atMost(WAIT).until(() -> SlackApiStub.calls("views.open").stream()
                .filter(v -> ("trigger-reject-" + ts).equals(v.get("trigger_id"))).findFirst(), Optional::isPresent).get();
        JsonNode view = SlackPayloads.JSON.readTree(open.get("view"));
        assertThat(view.get("callback_id").asString()).isEqualTo(RejectModal.CALLBACK_ID);
        String metadata = view.get("private_metadata").asString();
        assertThat(metadata).contains(reject).contains(CHANNEL);

        HttpResponse<String> empty = slack.send(SlackPayloads.rejectSubmission(BOB, metadata, "   "));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).contains("\"response_action\":\"errors\"").contains("\"reason\"");

        int answers = ephemerals(BOB).size();
        HttpResponse<String> submitted = slack.send(SlackPayloads.rejectSubmission(BOB, metadata, "release notes missing"));
        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(submitted.body()).isEmpty();
        await().atMost(WAIT).until(() -> lastVersion(ts).get("text").equals("Promote shop to prod: Rejected by bob: release notes missing"));
        assertThat(find(blocks(lastVersion(ts)), "actions")).isNull();
        assertThat(await().atMost(WAIT).until(() -> ephemerals(BOB), e -> e.size() > answers).getLast()).contains("You rejected promotion");
    }

    @Test
    @DisplayName("refusals, usage mistakes and unknown buttons are answered privately; status and locks in the channel")
    void privateAnswers() {
        command("U0STRANGER", "status shop", "stranger");
        JsonNode stranger = response("stranger");
        assertThat(stranger.get("response_type").asString()).isEqualTo("ephemeral");
        assertThat(stranger.get("text").asString()).contains("I don't know who you are on slack");

        command(ALICE, "promote shop", "usage");
        assertThat(response("usage").get("text").asString()).startsWith("Usage: /signoff promote &lt;app&gt;");
        assertThat(response("usage").get("response_type").asString()).isEqualTo("ephemeral");

        command(ALICE, "lock shop prod database migration", "lock");
        assertThat(response("lock").get("response_type").asString()).isEqualTo("in_channel");
        assertThat(response("lock").get("text").asString()).contains("is locked by alice");
        try {
            command(ALICE, "promote shop to prod", "locked");
            assertThat(response("locked").get("response_type").asString()).isEqualTo("ephemeral");
            assertThat(response("locked").get("text").asString()).contains("locked");
        } finally {
            command(ALICE, "unlock shop prod", "unlock");
            assertThat(response("unlock").get("text").asString()).contains("unlocked");
        }

        command(CAROL, "status shop", "status");
        assertThat(response("status").get("response_type").asString()).isEqualTo("in_channel");
        assertThat(response("status").get("text").asString()).startsWith("shop:");

        assertThat(clickAnswer(CAROL, "1700000000.000001", "approve", "no-such-token")).contains("This request has expired");
        assertThat(clickAnswer(CAROL, "1700000000.000001", "snooze", "no-such-token")).isEqualTo("This button is not one I know.");
    }

    @Test
    @DisplayName("forged, stale and future-dated requests are answered 401 and leave nothing: no promotion, no audit, no Slack call")
    void forgeries() throws Exception {
        registry.push("sandbox/shop:9.9.9", Digest.sha256Of("forged"));
        long promotions = count("promotions"), audit = count("audit_log"), tokens = count("button_tokens");
        int slackCalls = SlackApiStub.requestCount();
        String body = SlackPayloads.command(ALICE, CHANNEL, "promote shop 9.9.9 to dev", SlackApiStub.responseUrl("forged"));
        long now = SlackSender.now();

        assertThat(slack.send(body, now, new SlackSigner("wrong-secret").sign(now, body)).statusCode()).as("wrong secret").isEqualTo(401);
        assertThat(slack.send(body, now - 6 * 60).statusCode()).as("stale").isEqualTo(401);
        assertThat(slack.send(body, now + 6 * 60).statusCode()).as("from the future").isEqualTo(401);
        assertThat(slack.send(body.replace("9.9.9", "9.9.8"), now, new SlackSigner(SlackApiStub.SIGNING_SECRET).sign(now, body)).statusCode())
                .as("body changed after signing").isEqualTo(401);
        assertThat(slack.send(body, now, "").statusCode()).as("no signature").isEqualTo(401);
        String click = SlackPayloads.click(BOB, CHANNEL, "1700000000.000002", "approve", "t", SlackApiStub.responseUrl("forged"));
        assertThat(slack.send(click, now + 6 * 60).statusCode()).as("click from the future").isEqualTo(401);

        Thread.sleep(1000);
        assertThat(count("promotions")).isEqualTo(promotions);
        assertThat(count("audit_log")).isEqualTo(audit);
        assertThat(count("button_tokens")).isEqualTo(tokens);
        assertThat(SlackApiStub.requestCount()).isEqualTo(slackCalls);
        assertThat(SlackApiStub.responses("forged")).isEmpty();
    }

    @Test
    @DisplayName("a command is acknowledged before its work: Slack taking 15 s to accept the answer does not hold up the 200")
    void acknowledgedBeforeTheWork() {
        SlackApiStub.server().stubFor(post(urlEqualTo("/response/slow")).willReturn(aResponse().withStatus(200).withBody("ok")
                .withFixedDelay(15_000)));
        // SlackSender gives up after 10 s: an acknowledgement that waited for the answer would fail here
        HttpResponse<String> ack = slack.send(SlackPayloads.command(CAROL, CHANNEL, "status shop", SlackApiStub.responseUrl("slow")));
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).isEmpty();
        await().atMost(WAIT).until(() -> SlackApiStub.server().findAll(postRequestedFor(urlEqualTo("/response/slow"))).size() == 1);
    }

    @Test
    @DisplayName("the work after an acknowledgement runs at the lowest priority, and the image and run command ask the OS to honour it")
    void backgroundWorkYields() throws Exception {
        command(CAROL, "status shop", "priority");
        response("priority");
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("slack-work-") || t.getName().startsWith("card-updater-")).toList();
        assertThat(workers).isNotEmpty().allSatisfy(t -> assertThat(t.getPriority()).as(t.getName()).isEqualTo(Thread.MIN_PRIORITY));

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File("pom.xml"));
        List<String> options = List.of(pom.getElementsByTagName("signoff.jvm.priorities").item(0).getTextContent().strip().split("\\s+"));
        assertThat(options).contains("-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority1_To_OSPriority=19");
        NodeList flags = pom.getElementsByTagName("jvmFlag");
        List<String> image = IntStream.range(0, flags.getLength()).mapToObj(i -> flags.item(i).getTextContent().strip()).toList();
        assertThat(image).as("jib's jvmFlags").isEqualTo(options);
    }

    @Test
    @DisplayName("Slack's SSL check goes to Bolt and is answered 200 with nothing done")
    void sslCheck() {
        int slackCalls = SlackApiStub.requestCount();
        HttpResponse<String> ack = slack.send("ssl_check=1&token=verification-token-from-slack");
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(SlackApiStub.requestCount()).isEqualTo(slackCalls);
    }

    @Test
    @DisplayName("signed but unusable bodies get a reason and change nothing: 413 over 1 MiB, 400 for a payload that is not JSON")
    void unusableBodies() throws Exception {
        long audit = count("audit_log"), tokens = count("button_tokens");
        int slackCalls = SlackApiStub.requestCount();

        HttpResponse<String> large = slack.send("payload=" + "x".repeat(SlackEvents.MAX_BODY));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("larger than");
        HttpResponse<String> notJson = slack.send("payload=" + URLEncoder.encode("{\"type\": block_actions", StandardCharsets.UTF_8));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not a JSON object");
        assertThat(slack.send("payload=%7B%zz").statusCode()).as("broken URL encoding").isEqualTo(400);
        assertThat(slack.send("payload=" + URLEncoder.encode("{\"token\":\"x\"}", StandardCharsets.UTF_8)).statusCode())
                .as("no type").isEqualTo(400);

        Thread.sleep(500);
        assertThat(count("audit_log")).isEqualTo(audit);
        assertThat(count("button_tokens")).isEqualTo(tokens);
        assertThat(SlackApiStub.requestCount()).isEqualTo(slackCalls);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
