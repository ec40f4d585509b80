package dev.signoff.discord;

import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Gateway mode reads JDA's events into the same {@link Interaction}s as the HTTP endpoint reads
 * from the equivalent payloads, so both reach the handler with the same call. JDA's events are
 * stubbed (nothing connects); what the handler then does is tested in {@link DiscordFlowTest}.
 */
@DisplayName("Gateway events")
class GatewayListenerTest {

    @Test
    @DisplayName("a slash command event becomes the interaction its HTTP payload becomes")
    void slashCommand() {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        User user = user("812345678901234567");
        when(event.getUser()).thenReturn(user);
        when(event.getName()).thenReturn("signoff");
        when(event.getSubcommandName()).thenReturn("promote");
        List<OptionMapping> options = List.of(option("app", "shop"), option("stage", "prod"), option("image", "1.4.2"));
        when(event.getOptions()).thenReturn(options);

        String http = """
                {"type":2,"id":"1","token":"t","member":{"user":{"id":"812345678901234567"}},"data":{"name":"signoff","type":1,
                 "options":[{"type":1,"name":"promote","options":[{"type":3,"name":"app","value":"shop"},
                   {"type":3,"name":"stage","value":"prod"},{"type":3,"name":"image","value":"1.4.2"}]}]}}""";
        assertThat(GatewayListener.interaction(event)).isEqualTo(parse(http));
    }

    @Test
    @DisplayName("a button event becomes the click its HTTP payload becomes")
    void button() {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        User user = user("812345678901234568");
        when(event.getUser()).thenReturn(user);
        when(event.getComponentId()).thenReturn("button-token");
        String http = """
                {"type":3,"id":"1","token":"t","member":{"user":{"id":"812345678901234568"}},
                 "data":{"custom_id":"button-token","component_type":2}}""";
        assertThat(GatewayListener.interaction(event)).isEqualTo(parse(http));
    }

    @Test
    @DisplayName("a form event becomes the submit its HTTP payload becomes")
    void form() {
        ModalInteractionEvent event = mock(ModalInteractionEvent.class);
        User user = user("1098765432109876543");
        when(event.getUser()).thenReturn(user);
        when(event.getModalId()).thenReturn("reject:button-token");
        ModalMapping reason = mock(ModalMapping.class);
        when(reason.getCustomId()).thenReturn("reason");
        when(reason.getAsString()).thenReturn("release notes missing");
        when(event.getValues()).thenReturn(List.of(reason));
        String http = """
                {"type":5,"id":"1","token":"t","member":{"user":{"id":"1098765432109876543"}},"data":{"custom_id":"reject:button-token",
                 "components":[{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"reason","value":"release notes missing"}}]}}""";
        assertThat(GatewayListener.interaction(event)).isEqualTo(parse(http));
    }

    private static Interaction parse(String json) {
        return HttpInteractions.parse(HttpInteractions.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static User user(String id) {
        User user = mock(User.class);
        when(user.getId()).thenReturn(id);
        return user;
    }

    private static OptionMapping option(String name, String value) {
        OptionMapping option = mock(OptionMapping.class);
        when(option.getName()).thenReturn(name);
        when(option.getAsString()).thenReturn(value);
        return option;
    }
}
