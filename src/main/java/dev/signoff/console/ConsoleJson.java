package dev.signoff.console;

import dev.signoff.chat.Card;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's rendering of messages and cards as neutral JSON (the contract of
 * {@code GET /console/api/messages}). A field has {@code label} and {@code value}, and {@code url}
 * when its value links somewhere. Button tokens stay on the server; a click names the message and
 * the button's {@code actionId}. A button that asks first has {@code confirm}, the question the
 * page asks before it sends the click.
 */
final class ConsoleJson {
    private ConsoleJson() {
    }

    static Map<String, Object> message(ConsoleMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("author", m.author());
        json.put("text", m.text());
        json.put("private", m.isPrivate());
        if (m.to() != null) {
            json.put("to", m.to());
        }
        if (m.threadOf() != null) {
            json.put("threadOf", m.threadOf());
        }
        json.put("at", m.at().toString());
        json.put("card", m.card() == null ? null : card(m.card()));
        return json;
    }

    static Map<String, Object> card(Card card) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("title", card.title());
        json.put("tone", card.tone().name().toLowerCase());
        json.put("status", card.status());
        json.put("fields", card.fields().stream().map(ConsoleJson::field).toList());
        json.put("steps", card.steps());
        json.put("buttons", card.buttons().stream().map(ConsoleJson::button).toList());
        json.put("footer", card.footer());
        return json;
    }

    private static Map<String, Object> field(Card.Field f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", f.label());
        json.put("value", f.value());
        if (f.url() != null) {
            json.put("url", f.url());
        }
        return json;
    }

    static Map<String, Object> button(Card.Button b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("actionId", b.action().id());
        json.put("label", b.label());
        json.put("style", b.style().name().toLowerCase());
        if (b.confirm() != null) {
            json.put("confirm", b.confirm().question());
        }
        return json;
    }

    static List<Map<String, Object>> messages(List<ConsoleMessage> messages) {
        return messages.stream().map(ConsoleJson::message).toList();
    }
}
