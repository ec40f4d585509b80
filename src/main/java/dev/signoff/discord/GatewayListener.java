package dev.signoff.discord;

import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gateway mode: JDA's interaction events become the same {@link Interaction}s the HTTP endpoint
 * reads, handled by the same {@link InteractionHandler}, answered through JDA.
 */
final class GatewayListener extends ListenerAdapter {
    private final InteractionHandler handler;

    GatewayListener(InteractionHandler handler) {
        this.handler = handler;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        handler.handle(interaction(event), new JdaResponder(event, null, event));
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        handler.handle(interaction(event), new JdaResponder(event, event, event));
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        handler.handle(interaction(event), new JdaResponder(event, event, null));
    }

    static Interaction.SlashCommand interaction(SlashCommandInteractionEvent event) {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionMapping option : event.getOptions()) {
            options.put(option.getName(), option.getAsString());
        }
        return new Interaction.SlashCommand(event.getUser().getId(), event.getName(), event.getSubcommandName(), options);
    }

    static Interaction.ButtonClick interaction(ButtonInteractionEvent event) {
        return new Interaction.ButtonClick(event.getUser().getId(), event.getComponentId());
    }

    static Interaction.ModalSubmit interaction(ModalInteractionEvent event) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ModalMapping value : event.getValues()) {
            try {
                values.put(value.getCustomId(), value.getAsString());
            } catch (IllegalStateException e) {
                // not a text input; Signoff's forms have none of those
            }
        }
        return new Interaction.ModalSubmit(event.getUser().getId(), event.getModalId(), values);
    }
}
