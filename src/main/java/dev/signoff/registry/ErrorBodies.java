package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a registry says in the body of an error answer: the distribution spec's {@code {"errors": [{"code", "message"}]}}. */
final class ErrorBodies {
    private ErrorBodies() {
    }

    /** The first error of the registry's JSON error body, as " (CODE: message)", or "". */
    static String detail(HttpResponse<?> response) {
        byte[] body = null;
        Object raw = response.body();
        if (raw instanceof byte[] bytes) {
            body = bytes;
        } else if (raw instanceof InputStream in) {
            try (in) {
                body = in.readNBytes(8192);
            } catch (IOException e) {
                body = null;
            }
        }
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode error = JsonMapper.shared().readTree(body).path("errors").path(0);
            String code = error.path("code").asString("");
            String message = error.path("message").asString("");
            if (code.isEmpty() && message.isEmpty()) {
                return "";
            }
            return " (" + code + (message.isEmpty() ? "" : ": " + message) + ")";
        } catch (JacksonException e) {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.startsWith("<") ? "" : " (" + text + ")";
        }
    }

    /** The first error's code, or "". */
    static String code(HttpResponse<byte[]> response) {
        try {
            return JsonMapper.shared().readTree(response.body()).path("errors").path(0).path("code").asString("");
        } catch (JacksonException e) {
            return "";
        }
    }
}
