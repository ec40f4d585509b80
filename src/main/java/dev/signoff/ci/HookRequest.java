package dev.signoff.ci;

import dev.signoff.promotion.Digest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One POST to {@code /hooks/{source}}: the exact bytes of the body (signatures are computed on
 * them), the headers (names ignoring case, first value), the query parameters and, for logs,
 * the peer's address.
 */
record HookRequest(String source, byte[] body, Map<String, String> headers, Map<String, String> query, String remote,
                   Instant receivedAt) {
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final int MAX_ID_LENGTH = 200;

    HookRequest {
        TreeMap<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        named.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(named);
        query = Map.copyOf(query);
    }

    String header(String name) {
        return headers.get(name);
    }

    String query(String name) {
        return query.get(name);
    }

    /** The body as JSON; a body that is not one complete JSON object is malformed. */
    JsonNode json() {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedHook("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedHook("the body must be a JSON object");
        }
        return node;
    }

    /** {@code sha256:<hex>} of the body: the delivery id where the sender gives none. */
    String bodyDigest() {
        return Digest.sha256Of(body).toString();
    }

    /** The sender's delivery id from {@code header}, or the body's digest when the header is absent. */
    String deliveryId(String... headerNames) {
        for (String name : headerNames) {
            String id = header(name);
            if (id != null && !id.isBlank()) {
                if (id.length() > MAX_ID_LENGTH) {
                    throw new MalformedHook(name + " is longer than " + MAX_ID_LENGTH + " characters");
                }
                return id.strip();
            }
        }
        return bodyDigest();
    }
}
