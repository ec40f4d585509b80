package dev.signoff.slack;

import dev.signoff.testing.CardSamples;
import dev.signoff.testing.GoldenFiles;

import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.Card;
import dev.signoff.chat.CardWording;
import dev.signoff.chat.Mention;
import dev.signoff.promotion.Digest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Block Kit message for each card state, checked against stored files ({@link GoldenFiles}):
 * the JSON is what chat.postMessage and chat.update send ({@code text} and {@code blocks},
 * serialized by the Slack SDK).
 */
@DisplayName("Slack Block Kit cards")
class SlackBlocksTest {
    private static final GoldenFiles GOLDEN = GoldenFiles.of("slack");
    private static final Gson SLACK_JSON = GsonFactory.createSnakeCase();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<String> states() {
        return CardSamples.ALL.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    @DisplayName("match the golden file")
    void golden(String state) {
        GOLDEN.check(state, message(CardSamples.ALL.get(state)));
    }

    @Test
    @DisplayName("a waiting card carries Approve and Reject with the token as value and the action as action_id")
    void buttons() {
        JsonNode blocks = blocks(CardSamples.ALL.get("pending"));
        JsonNode actions = find(blocks, "actions");
        assertThat(actions.get("elements")).hasSize(2);
        assertThat(actions.get("elements").get(0).get("action_id").asString()).isEqualTo("approve");
        assertThat(actions.get("elements").get(0).get("value").asString()).isEqualTo("token-a");
        assertThat(actions.get("elements").get(0).get("style").asString()).isEqualTo("primary");
        assertThat(actions.get("elements").get(1).get("action_id").asString()).isEqualTo("reject");
        assertThat(actions.get("elements").get(1).get("style").asString()).isEqualTo("danger");
        assertThat(blocks.toString()).contains("1 of 2 (bob)").contains("Expires");
        assertThat(find(blocks, "context").toString()).contains(CardSamples.ALL.get("pending").footer());
    }

    @Test
    @DisplayName("Approve on a stage that confirms carries Slack's confirm object; Reject does not")
    void confirmDialog() {
        JsonNode elements = find(blocks(CardSamples.ALL.get("pending")), "actions").get("elements");
        JsonNode confirm = elements.get(0).get("confirm");
        assertThat(confirm.get("title").get("type").asString()).isEqualTo("plain_text");
        assertThat(confirm.get("title").get("text").asString()).isEqualTo("Confirm your approval");
        assertThat(confirm.get("text").get("type").asString()).isEqualTo("plain_text");
        assertThat(confirm.get("text").get("text").asString())
                .matches("Approve promotion of shop sha256:[0-9a-f]{12} to prod\\?");
        assertThat(confirm.get("confirm").get("text").asString()).isEqualTo("Approve");
        assertThat(confirm.get("deny").get("text").asString()).isEqualTo("Cancel");
        assertThat(elements.get(1).get("confirm")).isNull();
    }

    @Test
    @DisplayName("a release whose member stage confirms: Approve asks about the whole release, each app with its digest; one that does not asks nothing")
    void releaseConfirmDialog() {
        JsonNode elements = find(blocks(CardSamples.ALL.get("release-confirm")), "actions").get("elements");
        assertThat(elements.get(0).get("action_id").asString()).isEqualTo("approve");
        assertThat(elements.get(0).get("confirm").get("text").get("text").asString())
                .isEqualTo("Approve release storefront (shop " + Digest.sha256Of("shop 2.0.0").shortForm() + ", cart "
                        + Digest.sha256Of("cart 2.0.0").shortForm() + ") to prod?");
        assertThat(elements.get(1).get("confirm")).as("Reject").isNull();
        assertThat(find(blocks(CardSamples.ALL.get("release-pending")), "actions").get("elements").get(0).get("confirm"))
                .as("a release into test, whose policies ask nothing").isNull();
    }

    @Test
    @DisplayName("a line that calls approvers: <@U…> for people, <!subteam^S…> for user groups, plain names for anyone else")
    void mentions() {
        Mention.Line line = CardWording.approvalNeeded(List.of(new Mention("bob", false, "U02BOB"),
                new Mention("erin <x>", false, null), new Mention("release", true, "S0RELEASE")));
        String text = SlackText.mentions(line);
        GOLDEN.check("mentions", "{\"text\": " + SLACK_JSON.toJson(text) + "}");

        assertThat(text).isEqualTo("Approval needed from <@U02BOB>, erin &lt;x&gt;, <!subteam^S0RELEASE>.");
    }

    @Test
    @DisplayName("a finished card has no buttons")
    void finishedHasNoButtons() {
        for (String state : List.of("succeeded", "rejected", "failed", "expired")) {
            assertThat(find(blocks(CardSamples.ALL.get(state)), "actions")).as(state).isNull();
        }
    }

    @Test
    @DisplayName("&, < and > are escaped so Slack shows them as written")
    void escapes() {
        assertThat(blocks(CardSamples.ALL.get("rejected")).toString())
                .contains("release notes missing &lt;see #42&gt; &amp; *CHANGELOG_2026*");
    }

    @Test
    @DisplayName("the commit is a mrkdwn link to the whole commit, showing 12 characters")
    void commitLink() {
        assertThat(fieldText(CardSamples.ALL.get("pending"), "Commit"))
                .isEqualTo("*Commit*\n<https://github.com/acme/shop/commit/9f3c2d1e8a7b6c5d|9f3c2d1e8a7b>");
    }

    @Test
    @DisplayName("nothing in a link's URL can end the link or start its text")
    void hostileLink() {
        Card card = new Card("T", Card.Tone.PENDING, "S",
                List.of(new Card.Field("Commit", "a|b>*c*", "https://x.example/a|b>c<d&e f)g]h\nü")), List.of(), List.of(), null);

        assertThat(fieldText(card, "Commit"))
                .isEqualTo("*Commit*\n<https://x.example/a%7Cb%3Ec%3Cd&amp;e%20f)g]h%0A%C3%BC|a|b&gt;*c*>");
    }

    @Test
    @DisplayName("a link that does not fit a field gives way to the value, cut to the limit")
    void longLink() {
        Card card = new Card("T", Card.Tone.PENDING, "S",
                List.of(new Card.Field("Commit", "9f3c2d1e8a7b", "https://x.example/" + "a".repeat(SlackText.FIELD))), List.of(), List.of(), null);

        assertThat(fieldText(card, "Commit")).isEqualTo("*Commit*\n9f3c2d1e8a7b");
    }

    @Test
    @DisplayName("texts past Slack's limits are cut with …, and a card never has more than 50 blocks")
    void limits() {
        String huge = "x".repeat(5000);
        List<Card.Field> fields = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            fields.add(new Card.Field("Field " + i, huge));
        }
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            steps.add("✓ step " + i + " — " + "y".repeat(100));
        }
        Card card = new Card("T".repeat(400), Card.Tone.RUNNING, huge, fields, steps,
                List.of(new Card.Button(ButtonAction.APPROVE, "A".repeat(200), Card.Style.PRIMARY, "token")), huge);
        List<LayoutBlock> rendered = SlackBlocks.render(card);
        JsonNode blocks = blocks(card);

        assertThat(rendered).hasSize(SlackText.BLOCKS);
        String header = find(blocks, "header").get("text").get("text").asString();
        assertThat(header).hasSize(SlackText.HEADER).endsWith("…");
        blocks.forEach(b -> {
            if (b.has("text") && b.get("type").asString().equals("section")) {
                assertThat(b.get("text").get("text").asString().length()).isLessThanOrEqualTo(SlackText.SECTION);
            }
            if (b.has("fields")) {
                assertThat(b.get("fields").size()).isLessThanOrEqualTo(SlackText.FIELDS_PER_SECTION);
                b.get("fields").forEach(f -> assertThat(f.get("text").asString()).hasSizeLessThanOrEqualTo(SlackText.FIELD).endsWith("…"));
            }
        });
        assertThat(find(blocks, "actions").get("elements").get(0).get("text").get("text").asString()).hasSize(SlackText.BUTTON).endsWith("…");
        assertThat(find(blocks, "context").get("elements").get(0).get("text").asString()).hasSizeLessThanOrEqualTo(SlackText.CONTEXT);
        assertThat(blocks.get(blocks.size() - 2).get("type").asString()).isEqualTo("actions");
        assertThat(blocks.get(blocks.size() - 1).get("type").asString()).isEqualTo("context");
    }

    @Test
    @DisplayName("when the steps do not fit, the oldest give way and the latest stays")
    void latestStepsStay() {
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            steps.add("✓ step " + i + " — " + "y".repeat(100));
        }
        Card card = new Card("Promote shop to prod", Card.Tone.RUNNING, "Deploying", List.of(), steps, List.of(), null);
        String text = find(blocks(card), "section", "steps").get("text").get("text").asString();
        assertThat(text).hasSizeLessThanOrEqualTo(SlackText.SECTION).startsWith("*Steps*\n…").contains("step 199").doesNotContain("step 0 ");
    }

    static String message(Card card) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", SlackBlocks.fallbackText(card));
        message.put("blocks", JSON.readTree(SLACK_JSON.toJson(SlackBlocks.render(card))));
        return JSON.writeValueAsString(message);
    }

    private static JsonNode blocks(Card card) {
        return JSON.readTree(SLACK_JSON.toJson(SlackBlocks.render(card)));
    }

    /** The mrkdwn of the field whose text starts with the bold {@code label}. */
    private static String fieldText(Card card, String label) {
        for (JsonNode b : blocks(card)) {
            for (JsonNode f : b.path("fields")) {
                if (f.get("text").asString().startsWith("*" + label + "*\n")) {
                    return f.get("text").asString();
                }
            }
        }
        throw new AssertionError("no field " + label);
    }

    private static JsonNode find(JsonNode blocks, String type) {
        for (JsonNode b : blocks) {
            if (b.get("type").asString().equals(type)) {
                return b;
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode blocks, String type, String blockId) {
        for (JsonNode b : blocks) {
            if (b.get("type").asString().equals(type) && blockId.equals(b.path("block_id").asString())) {
                return b;
            }
        }
        return null;
    }
}
