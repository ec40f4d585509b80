package dev.signoff.chat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The command parser")
class CommandParserTest {

    @Test
    @DisplayName("promote … break-glass <reason>: the rest of the line is the reason; without one, the usage")
    void breakGlass() {
        assertThat(CommandParser.parse("/signoff promote shop to prod break-glass checkout down, fix #812"))
                .isEqualTo(new Command.Promote("shop", null, "prod", "checkout down, fix #812"));
        assertThat(CommandParser.parse("promote shop 1.4.3 to prod BREAK-GLASS  hotfix"))
                .isEqualTo(new Command.Promote("shop", "1.4.3", "prod", "hotfix"));
        assertThatThrownBy(() -> CommandParser.parse("promote shop to prod break-glass"))
                .isInstanceOf(CommandParser.UsageError.class).hasMessageStartingWith("A break-glass promotion needs a reason");
        assertThatThrownBy(() -> CommandParser.parse("promote shop break-glass hotfix to prod"))
                .isInstanceOf(CommandParser.UsageError.class).hasMessageStartingWith("Usage: /signoff promote");
    }

    @Test
    @DisplayName("reads every verb of the grammar, with or without /signoff")
    void grammar() {
        assertThat(CommandParser.parse("/signoff promote shop to test")).isEqualTo(new Command.Promote("shop", null, "test"));
        assertThat(CommandParser.parse("promote shop 1.4.2 to dev")).isEqualTo(new Command.Promote("shop", "1.4.2", "dev"));
        assertThat(CommandParser.parse("promote shop sha256:abc to dev")).isEqualTo(new Command.Promote("shop", "sha256:abc", "dev"));
        assertThat(CommandParser.parse("approve k3f9x2ab")).isEqualTo(new Command.Approve("k3f9x2ab"));
        assertThat(CommandParser.parse("reject k3f9x2ab login page is broken"))
                .isEqualTo(new Command.Reject("k3f9x2ab", "login page is broken"));
        assertThat(CommandParser.parse("cancel k3f9x2ab")).isEqualTo(new Command.Cancel("k3f9x2ab"));
        assertThat(CommandParser.parse("status shop")).isEqualTo(new Command.Status("shop"));
        assertThat(CommandParser.parse("history shop")).isEqualTo(new Command.History("shop", null));
        assertThat(CommandParser.parse("history shop prod")).isEqualTo(new Command.History("shop", "prod"));
        assertThat(CommandParser.parse("rollback shop prod")).isEqualTo(new Command.Rollback("shop", "prod", null));
        assertThat(CommandParser.parse("rollback shop prod to sha256:abc")).isEqualTo(new Command.Rollback("shop", "prod", "sha256:abc"));
        assertThat(CommandParser.parse("lock shop prod incident 42")).isEqualTo(new Command.Lock("shop", "prod", "incident 42"));
        assertThat(CommandParser.parse("lock shop prod")).isEqualTo(new Command.Lock("shop", "prod", null));
        assertThat(CommandParser.parse("unlock shop prod")).isEqualTo(new Command.Unlock("shop", "prod"));
        assertThat(CommandParser.parse("sunset shop dev")).isEqualTo(new Command.Sunset("shop", "dev"));
        assertThat(CommandParser.parse("help")).isEqualTo(new Command.Help(null));
        assertThat(CommandParser.parse("help promote")).isEqualTo(new Command.Help("promote"));
        assertThat(CommandParser.parse("  /signoff   PROMOTE  shop   TO  test ")).isEqualTo(new Command.Promote("shop", null, "test"));
        assertThat(CommandParser.parse("/signoff")).isEqualTo(new Command.Help(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"promote shop", "promote shop test", "promote shop 1 2 to test", "approve", "approve a b",
            "reject k3f9x2ab", "status", "history", "rollback shop", "rollback shop prod sha256:x", "lock shop",
            "unlock shop", "sunset shop", "help a b"})
    @DisplayName("answers a malformed command with that verb's usage")
    void usage(String text) {
        String verb = text.split(" ")[0];
        assertThatThrownBy(() -> CommandParser.parse(text)).isInstanceOf(CommandParser.UsageError.class)
                .hasMessageStartingWith("Usage: /signoff " + verb);
    }

    @Test
    @DisplayName("answers an unknown verb with the list of commands")
    void unknownVerb() {
        assertThatThrownBy(() -> CommandParser.parse("deploy shop")).isInstanceOf(CommandParser.UsageError.class)
                .hasMessageContaining("I don't know the command 'deploy'").hasMessageContaining("/signoff promote <app>");
    }

    @Test
    @DisplayName("help lists every verb, or one verb's usage")
    void help() {
        String all = CommandParser.help(null);
        CommandParser.VERBS.keySet().forEach(verb -> assertThat(all).contains("/signoff " + verb));
        assertThat(CommandParser.help("rollback")).startsWith("/signoff rollback <app> <stage> [to <digest>]");
        assertThat(CommandParser.help("deploy")).contains("There is no command 'deploy'");
    }
}
