package dev.signoff.discord;

import dev.signoff.chat.Command;
import dev.signoff.chat.CommandParser;
import dev.signoff.testing.GoldenFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("/signoff on Discord")
class SlashCommandsTest {
    private static final GoldenFiles GOLDEN = GoldenFiles.of("discord").sortingKeys();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @DisplayName("has one subcommand per verb of the grammar, in the parser's order")
    void everyVerb() {
        List<String> parserVerbs = Arrays.stream(CommandParser.help(null).split("\n")).skip(1)
                .map(line -> line.substring("/signoff ".length()).split(" ")[0]).toList();
        JsonNode command = JSON.readTree(SlashCommands.definition().toData().toString());
        List<String> subcommands = new java.util.ArrayList<>();
        command.path("options").forEach(sub -> subcommands.add(sub.path("name").asString()));
        assertThat(subcommands).isEqualTo(parserVerbs);
        assertThat(SlashCommands.VERBS).isEqualTo(parserVerbs);
    }

    @Test
    @DisplayName("the registration payload matches its golden file")
    void golden() {
        GOLDEN.check("commands", CommandRegistration.payload().toString());
    }

    @Test
    @DisplayName("options are named after the grammar's words, required where the grammar needs them")
    void options() {
        JsonNode command = JSON.readTree(SlashCommands.definition().toData().toString());
        assertThat(command.path("name").asString()).isEqualTo("signoff");
        assertThat(options(command, "promote")).isEqualTo(Map.of("app", true, "stage", true, "image", false, "break-glass", false));
        assertThat(options(command, "approve")).isEqualTo(Map.of("id", true));
        assertThat(options(command, "reject")).isEqualTo(Map.of("id", true, "reason", true));
        assertThat(options(command, "status")).isEqualTo(Map.of("app", true));
        assertThat(options(command, "history")).isEqualTo(Map.of("app", true, "stage", false));
        assertThat(options(command, "rollback")).isEqualTo(Map.of("app", true, "stage", true, "to", false));
        assertThat(options(command, "lock")).isEqualTo(Map.of("app", true, "stage", true, "reason", false));
        assertThat(options(command, "unlock")).isEqualTo(Map.of("app", true, "stage", true));
        assertThat(options(command, "sunset")).isEqualTo(Map.of("app", true, "stage", true));
        assertThat(options(command, "help")).isEqualTo(Map.of("verb", false));
        command.path("options").forEach(sub -> assertThat(sub.path("description").asString().length()).isBetween(1, 100));
    }

    @Test
    @DisplayName("a received subcommand becomes the grammar's text, which the one parser reads")
    void text() {
        assertThat(parse("promote", Map.of("app", "shop", "stage", "prod"))).isEqualTo(new Command.Promote("shop", null, "prod"));
        assertThat(parse("promote", Map.of("app", "shop", "stage", "dev", "image", "1.4.2")))
                .isEqualTo(new Command.Promote("shop", "1.4.2", "dev"));
        assertThat(parse("promote", Map.of("app", "shop", "stage", "prod", "break-glass", "checkout   is down")))
                .isEqualTo(new Command.Promote("shop", null, "prod", "checkout is down"));
        assertThat(parse("approve", Map.of("id", "k3f9x2ab"))).isEqualTo(new Command.Approve("k3f9x2ab"));
        assertThat(parse("reject", Map.of("id", "k3f9x2ab", "reason", "  release notes\n missing "))).isEqualTo(
                new Command.Reject("k3f9x2ab", "release notes missing"));
        assertThat(parse("cancel", Map.of("id", "k3f9x2ab"))).isEqualTo(new Command.Cancel("k3f9x2ab"));
        assertThat(parse("status", Map.of("app", "shop"))).isEqualTo(new Command.Status("shop"));
        assertThat(parse("history", Map.of("app", "shop"))).isEqualTo(new Command.History("shop", null));
        assertThat(parse("history", Map.of("app", "shop", "stage", "prod"))).isEqualTo(new Command.History("shop", "prod"));
        assertThat(parse("rollback", Map.of("app", "shop", "stage", "prod"))).isEqualTo(new Command.Rollback("shop", "prod", null));
        assertThat(parse("rollback", Map.of("app", "shop", "stage", "prod", "to", "sha256:abc")))
                .isEqualTo(new Command.Rollback("shop", "prod", "sha256:abc"));
        assertThat(parse("lock", Map.of("app", "shop", "stage", "prod", "reason", "incident 42"))).isEqualTo(
                new Command.Lock("shop", "prod", "incident 42"));
        assertThat(parse("unlock", Map.of("app", "shop", "stage", "prod"))).isEqualTo(new Command.Unlock("shop", "prod"));
        assertThat(parse("sunset", Map.of("app", "shop", "stage", "dev"))).isEqualTo(new Command.Sunset("shop", "dev"));
        assertThat(parse("help", Map.of())).isEqualTo(new Command.Help(null));
        assertThat(parse("help", Map.of("verb", "promote"))).isEqualTo(new Command.Help("promote"));
        assertThat(SlashCommands.text("promote", Map.of("app", "shop", "stage", "prod", "image", "1.4.2")))
                .isEqualTo("promote shop 1.4.2 to prod");
    }

    @Test
    @DisplayName("a one-word option holding several words is refused, so it cannot change the command's meaning")
    void oneWord() {
        assertThatThrownBy(() -> SlashCommands.text("promote", Map.of("app", "shop to", "stage", "test")))
                .isInstanceOf(SlashCommands.Invalid.class).hasMessageStartingWith("'app' is one word, not 'shop to'.")
                .hasMessageContaining("/signoff promote <app>");
    }

    @Test
    @DisplayName("status, history, lock and unlock answer in the channel; the rest privately")
    void privacy() {
        assertThat(SlashCommands.VERBS.stream().filter(SlashCommands::answersInChannel)).containsExactly("status", "history", "lock", "unlock");
    }

    private static Command parse(String subcommand, Map<String, String> options) {
        return CommandParser.parse(SlashCommands.text(subcommand, options));
    }

    private static Map<String, Boolean> options(JsonNode command, String verb) {
        for (JsonNode sub : command.path("options")) {
            if (sub.path("name").asString().equals(verb)) {
                assertThat(sub.path("type").asInt()).isEqualTo(1);
                java.util.Map<String, Boolean> options = new java.util.HashMap<>();
                sub.path("options").forEach(o -> {
                    assertThat(o.path("type").asInt()).isEqualTo(3);
                    options.put(o.path("name").asString(), o.path("required").asBoolean());
                });
                return options;
            }
        }
        throw new AssertionError("no subcommand " + verb);
    }
}
