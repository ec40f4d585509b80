package dev.signoff.discord;

import net.dv8tion.jda.api.utils.data.SerializableArray;
import net.dv8tion.jda.api.utils.data.SerializableData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Discord's REST API over {@code java.net.http}. Channel calls carry the bot token; interaction
 * webhooks carry the interaction token in the path and no Authorization. A 429 waits the
 * {@code retry_after} Discord asks for (at most {@link #MAX_WAIT}) and tries again, up to
 * {@link #ATTEMPTS} times. Neither token ever appears in a log line or an exception message.
 */
class DiscordRest {
    static final int ATTEMPTS = 4;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DiscordRest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER_AGENT = "DiscordBot (https://github.com/signoff, 0.1)";

    private final URI api;
    private final String botToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DiscordRest(URI api, String botToken) {
        this.api = api;
        this.botToken = botToken;
        rateLimited();
    }

    /** {@code signoff_chat_rate_limited_total{platform="discord"}}: 429s; there from start-up, at zero. */
    private static io.micrometer.core.instrument.Counter rateLimited() {
        return io.micrometer.core.instrument.Counter.builder("signoff.chat.rate.limited").description("429 answers from a chat platform's API")
                .tag("platform", "discord").register(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    /** A call with the bot token; {@code what} names it in logs and errors (paths may hold tokens). */
    JsonNode bot(String method, String path, Object body, String what) {
        return send(method, path, body, true, what);
    }

    /** A call on an interaction's webhook; the interaction token is in {@code path}. */
    JsonNode webhook(String method, String path, Object body, String what) {
        return send(method, path, body, false, what);
    }

    private JsonNode send(String method, String path, Object body, boolean withBotToken, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(15))
                .header("User-Agent", USER_AGENT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (withBotToken) {
            request.header("Authorization", "Bot " + botToken);
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new DiscordException(what + ": Discord could not be reached: " + e.getMessage(), 0, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DiscordException(what + ": interrupted", 0, 0);
            }
            JsonNode json = parse(response.body());
            int status = response.statusCode();
            if (status == 429) {
                rateLimited().increment();
            }
            if (status == 429 && attempt < ATTEMPTS) {
                Duration wait = retryAfter(json, response);
                log.info("{}: Discord rate limit, retrying in {} ms", what, wait.toMillis());
                sleep(wait);
                continue;
            }
            if (status >= 400) {
                int code = json.path("code").asInt(0);
                String message = json.path("message").asString("");
                throw new DiscordException(what + ": Discord answered " + status + (message.isEmpty() ? "" : " " + message)
                        + (code != 0 ? " (code " + code + ")" : ""), status, code);
            }
            return json;
        }
    }

    private static Duration retryAfter(JsonNode json, HttpResponse<?> response) {
        double seconds = json.path("retry_after").asDouble(-1);
        if (seconds < 0) {
            seconds = response.headers().firstValue("Retry-After").map(v -> {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    return 1.0;
                }
            }).orElse(1.0);
        }
        Duration wait = Duration.ofMillis((long) Math.ceil(seconds * 1000));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscordException("interrupted while waiting out a rate limit", 429, 0);
        }
    }

    private static byte[] json(Object body) {
        return switch (body) {
            case SerializableData data -> data.toData().toJson();
            case SerializableArray array -> array.toDataArray().toJson();
            default -> JSON.writeValueAsBytes(body);
        };
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.missingNode();
        }
    }

    /** Discord refused or could not be reached; {@code code} is Discord's JSON error code (0 when none). */
    static final class DiscordException extends RuntimeException {
        private final int status;
        private final int code;

        DiscordException(String message, int status, int code) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        int code() {
            return code;
        }
    }
}
