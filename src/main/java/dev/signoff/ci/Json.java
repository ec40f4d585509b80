package dev.signoff.ci;

import tools.jackson.databind.JsonNode;

/** Reading fields of notification bodies: absent and null are the same, and required ones say what is missing. */
final class Json {
    private Json() {
    }

    /** The text at {@code path} (field names), or null when absent, null or empty. Numbers are given as text. */
    static String text(JsonNode node, String... path) {
        JsonNode at = at(node, path);
        if (at == null || at.isNull() || at.isMissingNode() || at.isContainer()) {
            return null;
        }
        String text = at.asString();
        return text == null || text.isBlank() ? null : text;
    }

    /** The text at {@code path}; missing is malformed, naming the field. */
    static String required(JsonNode node, String... path) {
        String text = text(node, path);
        if (text == null) {
            throw new MalformedHook("'" + String.join(".", path) + "' is missing");
        }
        return text;
    }

    /** The whole number at {@code path}; missing or not a number is malformed, naming the field. */
    static long number(JsonNode node, String... path) {
        String text = required(node, path);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedHook("'" + String.join(".", path) + "' is not a number");
        }
    }

    /** The object at {@code path}; missing or not an object is malformed. */
    static JsonNode object(JsonNode node, String... path) {
        JsonNode at = at(node, path);
        if (at == null || !at.isObject()) {
            throw new MalformedHook("'" + String.join(".", path) + "' must be an object");
        }
        return at;
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode at = node;
        for (String field : path) {
            if (at == null || !at.isObject()) {
                return null;
            }
            at = at.get(field);
        }
        return at;
    }

    /** The first line of a commit message or title, at most 200 characters. */
    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().lines().findFirst().orElse("");
        return line.isEmpty() ? null : line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }
}
