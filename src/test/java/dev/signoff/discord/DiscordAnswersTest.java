package dev.signoff.discord;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.signoff.chat.ChatService;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

@DisplayName("Answers on Discord")
class DiscordAnswersTest extends DiscordAppTest {
    static final String STRANGER = "999999999999999999";

    @Autowired
    ChatService chat;
    @Autowired
    InteractionHandler handler;

    @Test
    @DisplayName("status is answered in the channel: a public deferral edited into the answer")
    void status() {
        String token = token();
        JsonNode ack = json(interact(slash(BOB, token, "status", Map.of("app", "shop"))).body());
        assertThat(ack.path("type").asInt()).isEqualTo(5);
        assertThat(ack.path("data").path("flags").asInt()).as("not ephemeral").isEqualTo(0);
        assertThat(answer(token)).startsWith("shop:\n• dev: ");
    }

    @Test
    @DisplayName("a person Discord knows but pipelines.yaml does not is answered privately, and nothing is stored")
    void stranger() throws InterruptedException {
        int before = promotions.recent(1000).size();
        String token = token();
        interact(slash(STRANGER, token, "promote", Map.of("app", "shop", "stage", "prod")));
        assertThat(answer(token)).startsWith("I don't know who you are on discord (user id " + STRANGER + ")");
        assertThat(promotions.recent(1000)).hasSize(before);

        // a public deferral whose answer turns out private: the deferral goes, the answer comes privately
        token = token();
        interact(slash(STRANGER, token, "status", Map.of("app", "shop")));
        JsonNode followUp = webhook(RequestMethod.POST, token, "");
        assertThat(followUp.path("flags").asInt()).isEqualTo(64);
        assertThat(followUp.path("content").asString()).startsWith("I don't know who you are on discord");
        assertThat(requests(RequestMethod.DELETE, "/webhooks/" + APP_ID + "/" + token + "/messages/@original")).hasSize(1);
    }

    @Test
    @DisplayName("usage mistakes, spent buttons and empty reasons are answered privately")
    void mistakes() {
        JsonNode oneWord = json(interact(slash(ALICE, token(), "promote", Map.of("app", "shop to", "stage", "test"))).body());
        assertThat(oneWord.path("type").asInt()).isEqualTo(4);
        assertThat(oneWord.path("data").path("flags").asInt()).isEqualTo(64);
        assertThat(oneWord.path("data").path("content").asString()).startsWith("'app' is one word, not 'shop to'.");

        String token = token();
        interact(slash(ALICE, token, "help", Map.of("verb", "promote")));
        assertThat(answer(token)).startsWith("/signoff promote <app>|<release> [<tag>|<digest>] to <stage>");

        token = token();
        assertThat(json(interact(button(BOB, token, "no-such-token")).body()).path("type").asInt()).isEqualTo(6);
        assertThat(webhook(RequestMethod.POST, token, "").path("content").asString()).startsWith("This request has expired.");

        JsonNode empty = json(interact(form(ERIN, token(), "reject:whatever", "   ")).body());
        assertThat(empty.path("type").asInt()).isEqualTo(4);
        assertThat(empty.path("data").path("content").asString()).isEqualTo("A reject needs a reason.");
    }

    @Test
    @DisplayName("lock and unlock are announced in the channel")
    void lockUnlock() {
        try {
            String token = token();
            interact(slash(BOB, token, "lock", Map.of("app", "shop", "stage", "staging", "reason", "incident 42")));
            JsonNode refusal = webhook(RequestMethod.POST, token, ""); // a public deferral, a private refusal
            assertThat(refusal.path("flags").asInt()).isEqualTo(64);
            assertThat(refusal.path("content").asString()).contains("staging");
            token = token();
            interact(slash(BOB, token, "lock", Map.of("app", "shop", "stage", "test", "reason", "incident   42")));
            assertThat(answer(token)).isEqualTo("🔒 shop test is locked by bob: incident 42. No promotion starts there until it is unlocked.");
            token = token();
            interact(slash(BOB, token, "unlock", Map.of("app", "shop", "stage", "test")));
            assertThat(answer(token)).isEqualTo("🔓 shop test is unlocked by bob.");
        } finally {
            promotions.unlock("bob", "shop", "test");
        }
    }

    @Test
    @DisplayName("the gateway listener hands a JDA slash command event to the same handler, which answers through JDA")
    void gatewayEvent() {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class, RETURNS_DEEP_STUBS);
        when(event.getUser().getId()).thenReturn(BOB);
        when(event.getName()).thenReturn("signoff");
        when(event.getSubcommandName()).thenReturn("status");
        OptionMapping app = mock(OptionMapping.class);
        when(app.getName()).thenReturn("app");
        when(app.getAsString()).thenReturn("shop");
        when(event.getOptions()).thenReturn(List.of(app));
        InteractionHook hook = mock(InteractionHook.class, RETURNS_DEEP_STUBS);
        when(event.getHook()).thenReturn(hook);

        new GatewayListener(handler).onSlashCommandInteraction(event);

        verify(event).deferReply(false);
        ArgumentCaptor<MessageEditData> edit = ArgumentCaptor.forClass(MessageEditData.class);
        verify(hook, timeout(10_000)).editOriginal(edit.capture());
        assertThat(edit.getValue().getContent()).startsWith("shop:\n• dev: ");
    }

    @Test
    @DisplayName("a handler called directly with what the gateway extracts makes the same answers")
    void handlerDirectly() {
        try (InteractionHandler direct = new InteractionHandler(chat)) {
            Recorded help = new Recorded();
            direct.handle(new Interaction.SlashCommand(ERIN, "signoff", "help", Map.of()), help);
            await().atMost(Duration.ofSeconds(10)).until(() -> help.calls.size() == 2);
            assertThat(help.calls.getFirst()).isEqualTo("deferReply ephemeral=true");
            assertThat(help.calls.get(1)).startsWith("editReply Signoff commands:");

            Recorded stale = new Recorded();
            direct.handle(new Interaction.ButtonClick(ERIN, "no-such-token"), stale);
            await().atMost(Duration.ofSeconds(10)).until(() -> stale.calls.size() == 2);
            assertThat(stale.calls.getFirst()).isEqualTo("deferUpdate");
            assertThat(stale.calls.get(1)).startsWith("followUp ephemeral=true This request has expired.");

            Recorded stranger = new Recorded();
            direct.handle(new Interaction.SlashCommand(STRANGER, "signoff", "history", Map.of("app", "shop")), stranger);
            await().atMost(Duration.ofSeconds(10)).until(() -> stranger.calls.size() == 3);
            assertThat(stranger.calls.subList(0, 2)).containsExactly("deferReply ephemeral=false", "deleteReply");
            assertThat(stranger.calls.get(2)).startsWith("followUp ephemeral=true I don't know who you are on discord");
        }
    }

    /** A responder that writes down what it was asked to do. */
    static final class Recorded implements Responder {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void reply(String text, boolean ephemeral) {
            calls.add("reply ephemeral=" + ephemeral + " " + text);
        }

        @Override
        public void deferReply(boolean ephemeral) {
            calls.add("deferReply ephemeral=" + ephemeral);
        }

        @Override
        public void deferUpdate() {
            calls.add("deferUpdate");
        }

        @Override
        public void openModal(Modal modal) {
            calls.add("openModal " + modal.getId());
        }

        @Override
        public void ask(MessageCreateData question) {
            calls.add("ask " + question.getContent());
        }

        @Override
        public void update(String text) {
            calls.add("update " + text);
        }

        @Override
        public void editReply(String text) {
            calls.add("editReply " + text);
        }

        @Override
        public void deleteReply() {
            calls.add("deleteReply");
        }

        @Override
        public void followUp(String text, boolean ephemeral) {
            calls.add("followUp ephemeral=" + ephemeral + " " + text);
        }
    }
}
