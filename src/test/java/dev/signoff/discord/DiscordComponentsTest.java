package dev.signoff.discord;

import dev.signoff.testing.CardSamples;
import dev.signoff.testing.GoldenFiles;

import dev.signoff.chat.ButtonAction;
import dev.signoff.chat.Card;
import dev.signoff.chat.CardWording;
import dev.signoff.chat.Mention;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Discord cards")
class DiscordComponentsTest {
    private static final GoldenFiles GOLDEN = GoldenFiles.of("discord").sortingKeys();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<String> states() {
        return CardSamples.ALL.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    @DisplayName("each card state matches its golden embed and buttons")
    void golden(String state) {
        GOLDEN.check("card-" + state, DiscordComponents.card(CardSamples.ALL.get(state)).toData().toString());
    }

    @Test
    @DisplayName("a waiting card has Approve (green) and Reject (red) whose custom ids are the button tokens")
    void buttons() {
        JsonNode row = json(DiscordComponents.card(CardSamples.ALL.get("pending")).toData().toString()).path("components").get(0);
        assertThat(row.path("type").asInt()).isEqualTo(1);
        assertThat(row.path("components").get(0).path("custom_id").asString()).isEqualTo("token-a");
        assertThat(row.path("components").get(0).path("style").asInt()).isEqualTo(3);
        assertThat(row.path("components").get(1).path("custom_id").asString()).isEqualTo("token-r");
        assertThat(row.path("components").get(1).path("style").asInt()).isEqualTo(4);
        JsonNode paused = json(DiscordComponents.card(CardSamples.ALL.get("paused")).toData().toString()).path("components").get(0);
        assertThat(paused.path("components").findValuesAsString("label")).containsExactly("Continue", "Abort");
    }

    @Test
    @DisplayName("the edit of a finished card sends an empty component list, which removes the buttons")
    void finishedEdit() {
        GOLDEN.check("edit-succeeded", DiscordComponents.cardEdit(CardSamples.ALL.get("succeeded")).toData().toString());
        JsonNode edit = json(DiscordComponents.cardEdit(CardSamples.ALL.get("rejected")).toData().toString());
        assertThat(edit.path("components").isArray()).isTrue();
        assertThat(edit.path("components")).isEmpty();
    }

    @Test
    @DisplayName("the reject form asks for a required reason")
    void rejectForm() {
        GOLDEN.check("reject-form", DiscordComponents.rejectForm("reject:token-r").toData().toString());
    }

    @Test
    @DisplayName("an Approve that asks first is answered with a private question: Approve carries the token, Cancel a fixed id")
    void confirmQuestion() {
        Card.Button approve = CardSamples.ALL.get("pending").buttons().getFirst();
        WebhookResponder responder = new WebhookResponder(null, "1300000000000000001", "interaction-token");
        responder.ask(DiscordComponents.question(approve.confirm(), "token-confirm", InteractionHandler.NOT_APPROVED));
        String response = responder.initialResponse().toString();
        GOLDEN.check("confirm-question", response);

        JsonNode json = json(response);
        assertThat(json.path("type").asInt()).isEqualTo(4);
        assertThat(json.path("data").path("flags").asInt()).as("ephemeral").isEqualTo(64);
        assertThat(json.path("data").path("content").asString()).matches("Approve promotion of shop sha256:[0-9a-f]{12} to prod\\?");
        JsonNode buttons = json.path("data").path("components").path(0).path("components");
        assertThat(buttons.path(0).path("custom_id").asString()).isEqualTo("token-confirm");
        assertThat(buttons.path(0).path("label").asString()).isEqualTo("Approve");
        assertThat(buttons.path(1).path("custom_id").asString()).isEqualTo("signoff:not-approved");
        assertThat(buttons.path(1).path("label").asString()).isEqualTo("Cancel");
    }

    @Test
    @DisplayName("a release card's Approve asks about the whole release: each app with its digest, and the stage")
    void releaseConfirmQuestion() {
        Card.Button approve = CardSamples.ALL.get("release-confirm").buttons().getFirst();
        WebhookResponder responder = new WebhookResponder(null, "1300000000000000001", "interaction-token");
        responder.ask(DiscordComponents.question(approve.confirm(), "token-confirm", InteractionHandler.NOT_APPROVED));
        String response = responder.initialResponse().toString();
        GOLDEN.check("release-confirm-question", response);

        assertThat(json(response).path("data").path("content").asString())
                .matches("Approve release storefront \\(shop sha256:[0-9a-f]{12}, cart sha256:[0-9a-f]{12}\\) to prod\\?");
    }

    @Test
    @DisplayName("Approve on the question replaces it at once by \"Approving…\" and takes its buttons away (type 7)")
    void answered() {
        WebhookResponder responder = new WebhookResponder(null, "1300000000000000001", "interaction-token");
        responder.update(InteractionHandler.ANSWERING);
        String response = responder.initialResponse().toString();
        GOLDEN.check("confirm-answered", response);

        JsonNode json = json(response);
        assertThat(json.path("type").asInt()).isEqualTo(7);
        assertThat(json.path("data").path("content").asString()).isEqualTo("Approving…");
        assertThat(json.path("data").path("components").isArray()).isTrue();
        assertThat(json.path("data").path("components")).isEmpty();
    }

    @Test
    @DisplayName("Cancel on the question replaces it by \"Not approved.\" and takes its buttons away")
    void notApproved() {
        WebhookResponder responder = new WebhookResponder(null, "1300000000000000001", "interaction-token");
        responder.update("Not approved.");
        JsonNode json = json(responder.initialResponse().toString());
        assertThat(json.path("type").asInt()).isEqualTo(7);
        assertThat(json.path("data").path("content").asString()).isEqualTo("Not approved.");
        assertThat(json.path("data").path("components").isArray()).isTrue();
        assertThat(json.path("data").path("components")).isEmpty();
    }

    @Test
    @DisplayName("a line that calls approvers pings exactly the users and roles it mentions; a name without an id stays text")
    void mentions() {
        Mention.Line line = CardWording.stillWaiting(List.of(new Mention("bob", false, "812345678901234568"),
                new Mention("carol_x", false, null), new Mention("release", true, "112233445566778899")), Duration.ofHours(2));
        String message = DiscordComponents.mentions(line).toData().toString();
        GOLDEN.check("mentions", message);

        JsonNode json = json(message);
        assertThat(json.path("content").asString())
                .isEqualTo("Still waiting for your approval: <@812345678901234568>, carol_x, <@&112233445566778899>, expires in 2h");
        assertThat(json.path("allowed_mentions").path("parse")).isEmpty();
        assertThat(json.path("allowed_mentions").path("users").get(0).asString()).isEqualTo("812345678901234568");
        assertThat(json.path("allowed_mentions").path("roles").get(0).asString()).isEqualTo("112233445566778899");
    }

    @Test
    @DisplayName("the commit is a markdown link to the whole commit, showing 12 characters, still side by side")
    void commitLink() {
        JsonNode commit = field(CardSamples.ALL.get("pending"), "Commit");
        assertThat(commit.path("value").asString()).isEqualTo("[9f3c2d1e8a7b](https://github.com/acme/shop/commit/9f3c2d1e8a7b6c5d)");
        assertThat(commit.path("inline").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("nothing in a link's URL can end the link or add a title, and brackets in its text stay text")
    void hostileLink() {
        Card card = new Card("T", Card.Tone.PENDING, "S",
                List.of(new Card.Field("Commit", "a]b[*c*", "https://x.example/a)b](c[d<e>f g\\h\"i|ü")), List.of(), List.of(), "footer");

        assertThat(field(card, "Commit").path("value").asString())
                .isEqualTo("[a\\]b\\[\\*c\\*](https://x.example/a%29b%5D%28c%5Bd%3Ce%3Ef%20g%5Ch\"i|%C3%BC)");
    }

    @Test
    @DisplayName("a link that does not fit a field, or the embed, gives way to its text: a link is never cut")
    void longLink() {
        Card alone = new Card("T", Card.Tone.PENDING, "S",
                List.of(new Card.Field("Commit", "9f3c2d1e8a7b", "https://x.example/" + "a".repeat(DiscordComponents.FIELD_VALUE_MAX))),
                List.of(), List.of(), "footer");
        assertThat(field(alone, "Commit").path("value").asString()).isEqualTo("9f3c2d1e8a7b");

        List<Card.Field> fields = new ArrayList<>();
        fields.add(new Card.Field("Commit", "c".repeat(150), "https://x.example/" + "a".repeat(800)));
        IntStream.range(0, 6).forEach(i -> fields.add(new Card.Field("Field " + i, "v".repeat(900))));
        JsonNode commit = field(new Card("T", Card.Tone.PENDING, "S", fields, List.of(), List.of(), "footer"), "Commit");
        assertThat(commit.path("value").asString()).isEqualTo("c".repeat(150));
    }

    @Test
    @DisplayName("a card past every Discord limit is cut with … and still builds")
    void limits() {
        List<Card.Field> fields = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> fields.add(new Card.Field("Field " + i + " " + "n".repeat(300), "v".repeat(3000))));
        List<String> steps = IntStream.range(0, 200).mapToObj(i -> "✓ step " + i + " — " + "d".repeat(100)).toList();
        List<Card.Button> buttons = IntStream.range(0, 7)
                .mapToObj(i -> new Card.Button(ButtonAction.values()[i % ButtonAction.values().length], "Button " + i + " " + "l".repeat(100),
                        Card.Style.DEFAULT, "token-" + i)).toList();
        Card huge = new Card("T".repeat(400), Card.Tone.RUNNING, "S".repeat(5000), fields, steps, buttons, "F".repeat(3000));

        JsonNode message = json(DiscordComponents.card(huge).toData().toString());
        JsonNode embed = message.path("embeds").get(0);
        int total = embed.path("title").asString().length() + embed.path("description").asString().length()
                + embed.path("footer").path("text").asString().length();
        assertThat(embed.path("title").asString()).hasSize(256).endsWith("…");
        assertThat(embed.path("description").asString().length()).isLessThanOrEqualTo(4096);
        assertThat(embed.path("description").asString()).endsWith("…");
        assertThat(embed.path("footer").path("text").asString()).hasSizeLessThanOrEqualTo(2048).endsWith("…");
        assertThat(embed.path("fields").size()).isLessThanOrEqualTo(25);
        for (JsonNode field : embed.path("fields")) {
            assertThat(field.path("name").asString().length()).isLessThanOrEqualTo(256);
            assertThat(field.path("value").asString().length()).isLessThanOrEqualTo(1024);
            total += field.path("name").asString().length() + field.path("value").asString().length();
        }
        assertThat(total).isLessThanOrEqualTo(6000);
        assertThat(message.path("components")).hasSize(2);
        assertThat(message.path("components").get(0).path("components")).hasSize(5);
        assertThat(message.path("components").get(1).path("components")).hasSize(2);
        assertThat(message.path("components").get(0).path("components").get(0).path("label").asString()).hasSize(80).endsWith("…");
    }

    @Test
    @DisplayName("cut keeps short text, and cuts long text to the limit with … without splitting a character")
    void cut() {
        assertThat(DiscordComponents.cut("short", 10)).isEqualTo("short");
        assertThat(DiscordComponents.cut("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(DiscordComponents.cut("abc😀def", 5)).isEqualTo("abc…");
    }

    @Test
    @DisplayName("messages never ping: allowed mentions are empty, and answers fit Discord's 2000 characters")
    void text() {
        JsonNode message = json(DiscordComponents.text("@everyone " + "x".repeat(3000)).toData().toString());
        assertThat(message.path("allowed_mentions").path("parse")).isEmpty();
        assertThat(message.path("content").asString()).hasSize(2000).endsWith("…");
    }

    private static JsonNode field(Card card, String name) {
        for (JsonNode field : json(DiscordComponents.card(card).toData().toString()).path("embeds").get(0).path("fields")) {
            if (field.path("name").asString().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name);
    }

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }
}
