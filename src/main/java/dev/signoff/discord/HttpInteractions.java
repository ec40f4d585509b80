package dev.signoff.discord;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads interaction payloads as Discord POSTs them (already verified) into {@link Interaction}s.
 * Types: 1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 5 MODAL_SUBMIT.
 */
final class HttpInteractions {
    static final int PING = 1;
    static final int APPLICATION_COMMAND = 2;
    static final int MESSAGE_COMPONENT = 3;
    static final int MODAL_SUBMIT = 5;
    private static final int SUB_COMMAND = 1;
    private static final int BUTTON = 2;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpInteractions() {
    }

    static JsonNode read(byte[] body) {
        return JSON.readTree(body);
    }

    /** The interaction in {@code payload}; a PING is never passed here. */
    static Interaction parse(JsonNode payload) {
        String userId = text(payload.path("member").path("user").path("id"));
        if (userId == null) {
            userId = text(payload.path("user").path("id"));
        }
        JsonNode data = payload.path("data");
        return switch (payload.path("type").asInt()) {
            case APPLICATION_COMMAND -> command(userId, data);
            case MESSAGE_COMPONENT -> data.path("component_type").asInt() == BUTTON
                    ? new Interaction.ButtonClick(userId, text(data.path("custom_id")))
                    : new Interaction.Unsupported(userId, MESSAGE_COMPONENT);
            case MODAL_SUBMIT -> new Interaction.ModalSubmit(userId, text(data.path("custom_id")), values(data.path("components")));
            default -> new Interaction.Unsupported(userId, payload.path("type").asInt());
        };
    }

    private static Interaction command(String userId, JsonNode data) {
        String subcommand = null;
        JsonNode options = data.path("options");
        for (JsonNode option : options) {
            if (option.path("type").asInt() == SUB_COMMAND) {
                subcommand = text(option.path("name"));
                options = option.path("options");
                break;
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode option : options) {
            JsonNode value = option.path("value");
            if (!value.isMissingNode() && !value.isNull()) {
                values.put(text(option.path("name")), value.asString());
            }
        }
        return new Interaction.SlashCommand(userId, text(data.path("name")), subcommand, values);
    }

    /**
     * Text input values wherever they sit: inside labels (type 18, {@code component}) as Discord
     * sends them now, or inside action rows ({@code components}) as it used to.
     */
    private static Map<String, String> values(JsonNode components) {
        Map<String, String> values = new LinkedHashMap<>();
        collect(components, values);
        return values;
    }

    private static void collect(JsonNode node, Map<String, String> values) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, values));
        } else if (node.isObject()) {
            String id = text(node.path("custom_id"));
            String value = text(node.path("value"));
            if (id != null && value != null) {
                values.put(id, value);
            }
            collect(node.path("component"), values);
            collect(node.path("components"), values);
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
    }
}
