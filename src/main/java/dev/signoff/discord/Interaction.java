package dev.signoff.discord;

import java.util.Map;

/**
 * What a Discord user did, as Signoff needs it: the same records whether the interaction came
 * over HTTP ({@link HttpInteractions#parse}) or the gateway ({@link GatewayListener}).
 * {@code userId} is the member's user id in a server, the user's id in a DM.
 */
sealed interface Interaction {

    String userId();

    /** A slash command: {@code /name subcommand option:value …}; options by name, as strings. */
    record SlashCommand(String userId, String name, String subcommand, Map<String, String> options) implements Interaction {
        public SlashCommand {
            options = Map.copyOf(options);
        }
    }

    /** A click on a message button; {@code customId} is the button token. */
    record ButtonClick(String userId, String customId) implements Interaction {
    }

    /** A submitted form: text input values by their custom id. */
    record ModalSubmit(String userId, String modalId, Map<String, String> values) implements Interaction {
        public ModalSubmit {
            values = Map.copyOf(values);
        }
    }

    /** Anything else Discord may send (autocomplete, a select menu); Signoff registers none of it. */
    record Unsupported(String userId, int type) implements Interaction {
    }
}
