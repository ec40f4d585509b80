package dev.signoff.slack;

import dev.signoff.promotion.Digest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slack user groups as approver groups, in the running application with the Slack Web API as
 * WireMock (see {@link SlackApiStub}): cart's release stage is approved by group:oncall, which is
 * only the Slack user group S0ONCALL (dave, and a Slack user who is not in people:); pay's by
 * group:night, which lists erin and is linked to S0NIGHT, which Slack fails to list.
 */
@DisplayName("Slack user groups as approvers, end to end")
class SlackUserGroupsFlowTest extends SlackAppTest {
    static final String CAROL = "U03CAROL", DAVE = "U04DAVE", ERIN = "U05ERIN", STRANGER = "U0STRANGER";
    static final String CART = "C0CART", PAY = "C0PAY";
    private static final AtomicInteger TAGS = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    SlackProperties properties;

    @Test
    @DisplayName("Approve by someone who is only in the Slack user group counts, and the promotion runs")
    void memberOfTheSlackGroupApproves() {
        String ts = pendingCard("cart", CART);

        assertThat(clickAnswer(DAVE, CART, ts)).contains("You approved promotion").contains("(1 of 1)");
        await().atMost(WAIT).until(() -> lastText(ts).startsWith("Promote cart to release: Done"));
    }

    @Test
    @DisplayName("Approve by someone in neither the list nor the Slack user group is refused privately; a Slack user not in people: is not known")
    void outsidersRefused() {
        String ts = pendingCard("cart", CART);

        assertThat(clickAnswer(CAROL, CART, ts)).isEqualTo("You are not an approver for cart → release; approvers are group:oncall.");
        assertThat(clickAnswer(STRANGER, CART, ts)).contains("I don't know who you are on slack");
        assertThat(lastText(ts)).isEqualTo("Promote cart to release: Waiting for 1 more approval");
    }

    @Test
    @DisplayName("two clicks within the refresh time ask Slack who is in the group once")
    void oneReadForTwoClicks() {
        assertThat(properties.userGroupsRefresh()).as("the default refresh time").isEqualTo(Duration.ofMinutes(5));
        String ts = pendingCard("cart", CART);

        clickAnswer(CAROL, CART, ts);
        clickAnswer(DAVE, CART, ts);

        // every read of S0ONCALL in this JVM comes from this class's application, all within 5 minutes
        assertThat(SlackApiStub.calls(SlackUserGroups.METHOD)).filteredOn(c -> "S0ONCALL".equals(c.get("usergroup"))).hasSize(1);
    }

    @Test
    @DisplayName("when Slack cannot list the group and nothing was read before, the click is refused privately in plain words; listed members still count")
    void unreadableGroup() {
        String ts = pendingCard("pay", PAY);

        assertThat(clickAnswer(CAROL, PAY, ts)).isEqualTo("I could not read the Slack user group S0NIGHT"
                + " (Slack usergroups.users.list failed: 503 service_unavailable); try again in a minute.");
        assertThat(lastText(ts)).isEqualTo("Promote pay to release: Waiting for 1 more approval");

        assertThat(clickAnswer(ERIN, PAY, ts)).contains("You approved promotion").contains("(1 of 1)");
    }

    /** Asks, as alice, to publish a fresh tag of {@code app} to its release stage; the card's ts. */
    private String pendingCard(String app, String channel) {
        String tag = "2.0." + TAGS.incrementAndGet();
        registry.push("enterprise/" + app + ":" + tag, Digest.sha256Of("slack groups " + app + " " + tag));
        String prefix = "Promote " + app + " to release";
        long before = cards(prefix).count();
        HttpResponse<String> ack = slack.send(SlackPayloads.command("U01ALICE", channel, "promote " + app + " " + tag + " to release",
                SlackApiStub.responseUrl("groups-" + app + "-" + tag)));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        return await().atMost(WAIT).until(() -> cards(prefix).toList(), c -> c.size() > before).getLast().get("ts_returned");
    }

    private static java.util.stream.Stream<Map<String, String>> cards(String prefix) {
        return SlackApiStub.calls("chat.postMessage").stream().filter(m -> m.get("blocks") != null && m.get("text").startsWith(prefix));
    }

    /** Clicks Approve on the card and waits for the private answer to the one who clicked, in the card's channel. */
    private String clickAnswer(String user, String channel, String ts) {
        int before = ephemeralMessages(user).size();
        HttpResponse<String> ack = slack.send(SlackPayloads.click(user, channel, ts, "approve", approveToken(ts),
                SlackApiStub.responseUrl("click")));
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        List<Map<String, String>> after = await().atMost(WAIT).until(() -> ephemeralMessages(user), e -> e.size() > before);
        assertThat(after.getLast().get("channel")).isEqualTo(channel);
        return after.getLast().get("text");
    }

    private static List<Map<String, String>> ephemeralMessages(String user) {
        return SlackApiStub.calls("chat.postEphemeral").stream().filter(e -> user.equals(e.get("user"))).toList();
    }

    private static String lastText(String ts) {
        return lastVersion(ts).get("text");
    }

    private static String approveToken(String ts) {
        for (JsonNode block : SlackPayloads.JSON.readTree(lastVersion(ts).get("blocks"))) {
            if (block.get("type").asString().equals("actions")) {
                for (JsonNode element : block.get("elements")) {
                    if (element.get("action_id").asString().equals("approve")) {
                        return element.get("value").asString();
                    }
                }
            }
        }
        throw new AssertionError("the card " + ts + " has no Approve button");
    }
}
