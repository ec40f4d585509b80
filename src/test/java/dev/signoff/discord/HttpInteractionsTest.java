package dev.signoff.discord;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Interaction payloads")
class HttpInteractionsTest {

    static byte[] fixture(String name) {
        try (InputStream in = HttpInteractionsTest.class.getResourceAsStream("/fixtures/discord/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("Discord's published application command is read with the member's user id and its options")
    void applicationCommandFixture() {
        var payload = HttpInteractions.read(fixture("discord_interaction_application_command_slash.json"));
        assertThat(payload.path("type").asInt()).isEqualTo(HttpInteractions.APPLICATION_COMMAND);
        assertThat(HttpInteractions.parse(payload)).isEqualTo(
                new Interaction.SlashCommand("53908232506183680", "cardsearch", null, Map.of("cardname", "The Gitrog Monster")));
    }

    @Test
    @DisplayName("Discord's published PING is a PING")
    void pingFixture() {
        assertThat(HttpInteractions.read(fixture("discord_interaction_ping.json")).path("type").asInt()).isEqualTo(HttpInteractions.PING);
    }

    @Test
    @DisplayName("a subcommand's options are read from under the subcommand; a DM's user is user.id")
    void subcommand() {
        String json = """
                {"type":2,"token":"t","id":"1","user":{"id":"42"},"data":{"name":"signoff","type":1,"options":[
                  {"type":1,"name":"promote","options":[{"type":3,"name":"app","value":"shop"},{"type":3,"name":"stage","value":"prod"}]}]}}""";
        assertThat(HttpInteractions.parse(HttpInteractions.read(json.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new Interaction.SlashCommand("42", "signoff", "promote", Map.of("app", "shop", "stage", "prod")));
    }

    @Test
    @DisplayName("a button click carries its custom id; a form submit its text inputs, in labels or in action rows")
    void componentsAndForms() {
        String click = """
                {"type":3,"token":"t","id":"1","member":{"user":{"id":"7"}},"data":{"custom_id":"tok","component_type":2}}""";
        assertThat(HttpInteractions.parse(HttpInteractions.read(click.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new Interaction.ButtonClick("7", "tok"));
        String labelled = """
                {"type":5,"token":"t","id":"1","member":{"user":{"id":"7"}},"data":{"custom_id":"reject:tok","components":[
                  {"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"reason","value":"no notes"}}]}}""";
        String rows = """
                {"type":5,"token":"t","id":"1","member":{"user":{"id":"7"}},"data":{"custom_id":"reject:tok","components":[
                  {"type":1,"components":[{"type":4,"custom_id":"reason","value":"no notes"}]}]}}""";
        Interaction expected = new Interaction.ModalSubmit("7", "reject:tok", Map.of("reason", "no notes"));
        assertThat(HttpInteractions.parse(HttpInteractions.read(labelled.getBytes(StandardCharsets.UTF_8)))).isEqualTo(expected);
        assertThat(HttpInteractions.parse(HttpInteractions.read(rows.getBytes(StandardCharsets.UTF_8)))).isEqualTo(expected);
    }

    @Test
    @DisplayName("autocomplete and select menus are read as unsupported")
    void unsupported() {
        String select = """
                {"type":3,"token":"t","id":"1","member":{"user":{"id":"7"}},"data":{"custom_id":"x","component_type":3}}""";
        assertThat(HttpInteractions.parse(HttpInteractions.read(select.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new Interaction.Unsupported("7", 3));
    }
}
