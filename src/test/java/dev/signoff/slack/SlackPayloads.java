package dev.signoff.slack;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Request bodies as Slack sends them, made from the public fixtures: only ids, text, tokens and
 * URLs are replaced, so the shapes stay those real senders produce.
 */
final class SlackPayloads {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private SlackPayloads() {
    }

    static String fixture(String name) {
        try (InputStream in = SlackPayloads.class.getResourceAsStream("/fixtures/slack/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A slash command: the fixture's form with this user, channel, text and response_url. */
    static String command(String user, String channel, String text, String responseUrl) {
        Map<String, String> form = form(fixture("slack_slash_command.form"));
        form.put("channel_id", channel);
        form.put("channel_name", "shop");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/signoff");
        form.put("text", text);
        form.put("response_url", responseUrl);
        return encode(form);
    }

    /** A block_actions click on a card button: the fixture's payload with this user, card, action and token. */
    static String click(String user, String channel, String ts, String actionId, String token, String responseUrl) {
        return click(user, channel, ts, actionId, token, responseUrl, null);
    }

    /** As above, with the card's blocks in {@code message.blocks}, as Slack sends them back on a click. */
    static String click(String user, String channel, String ts, String actionId, String token, String responseUrl,
                        tools.jackson.databind.JsonNode cardBlocks) {
        ObjectNode p = (ObjectNode) JSON.readTree(fixture("slack_block_actions_button_click.json"));
        ((ObjectNode) p.get("user")).put("id", user);
        ((ObjectNode) p.get("channel")).put("id", channel);
        ((ObjectNode) p.get("container")).put("channel_id", channel).put("message_ts", ts);
        ((ObjectNode) p.get("message")).put("ts", ts).put("text", "Promote shop to prod: Waiting for 2 more approvals");
        ObjectNode action = (ObjectNode) p.get("actions").get(0);
        action.put("action_id", actionId).put("value", token).put("block_id", "actions");
        p.put("response_url", responseUrl);
        p.put("trigger_id", "trigger-" + actionId + "-" + ts);
        if (cardBlocks != null) {
            ((ObjectNode) p.get("message")).set("blocks", cardBlocks);
        }
        return "payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    }

    /** The reject form's submission with this user, private_metadata and reason. */
    static String rejectSubmission(String user, String privateMetadata, String reason) {
        ObjectNode p = (ObjectNode) JSON.readTree(fixture("slack_view_submission.json"));
        ((ObjectNode) p.get("user")).put("id", user);
        ObjectNode view = (ObjectNode) p.get("view");
        view.put("private_metadata", privateMetadata);
        ((ObjectNode) view.get("state").get("values").get("reason").get("reason")).put("value", reason);
        return "payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
