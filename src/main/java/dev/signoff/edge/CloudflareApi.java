package dev.signoff.edge;

import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.spi.StepFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Cloudflare's API v4 for one account, over {@code java.net.http}. Every answer is Cloudflare's
 * envelope ({@code success}, {@code errors[].code/message}, {@code result}, and
 * {@code result_info} on lists); a call returns its {@code result}, or fails the step quoting
 * the call and the envelope's errors. 429 and 5xx are tried again, {@link #ATTEMPTS} times in
 * all, after the {@code Retry-After} Cloudflare asks for (at most {@link #MAX_WAIT}) or else an
 * exponential backoff. A 401 or 403 names the token permission the call needs. The token is read
 * for each call from its reference and never appears in a message or log line.
 */
class CloudflareApi {
    static final int ATTEMPTS = 5;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final int PAGE_SIZE = 100;
    static final String TUNNEL_EDIT = "Account → Cloudflare Tunnel → Edit";
    static final String DNS_EDIT = "Zone → DNS → Edit";
    private static final Logger log = LoggerFactory.getLogger(CloudflareApi.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final CloudflareAccount account;
    private final Supplier<ApiToken> token;
    private final Duration backoff;
    private final HttpClient http;

    CloudflareApi(CloudflareAccount account, Supplier<ApiToken> token, Duration backoff, HttpClient http) {
        this.account = account;
        this.token = token;
        this.backoff = backoff;
        this.http = http;
    }

    CloudflareAccount account() {
        return account;
    }

    JsonNode get(String path) {
        return call("GET", path, null).path("result");
    }

    JsonNode send(String method, String path, Object body) {
        return call(method, path, body).path("result");
    }

    /** Every item of a list call, page after page ({@code result_info.total_pages}). */
    List<JsonNode> list(String path) {
        List<JsonNode> items = new ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        for (int page = 1; ; page++) {
            JsonNode envelope = call("GET", path + separator + "page=" + page + "&per_page=" + PAGE_SIZE, null);
            envelope.path("result").forEach(items::add);
            int totalPages = envelope.path("result_info").path("total_pages").asInt(1);
            if (page >= totalPages || envelope.path("result").isEmpty()) {
                return items;
            }
        }
    }

    private JsonNode call(String method, String path, Object body) {
        String what = "Cloudflare " + method + " " + path;
        HttpRequest request = request(method, path, body);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt < ATTEMPTS) {
                    pause(what, backoff(attempt), "no answer (" + e.getClass().getSimpleName() + ")");
                    continue;
                }
                throw new StepFailure(what + ": no answer from " + account.apiUrl() + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", true, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailure(what + ": interrupted", true, e);
            }
            int status = response.statusCode();
            JsonNode envelope = parse(response.body());
            if ((status == 429 || status >= 500) && attempt < ATTEMPTS) {
                pause(what, retryAfter(response).orElse(backoff(attempt)), "HTTP " + status);
                continue;
            }
            if (status >= 200 && status < 300 && envelope != null && envelope.path("success").asBoolean(false)) {
                return envelope;
            }
            throw failure(what, path, status, envelope);
        }
    }

    private HttpRequest request(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(account.apiUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", token.get().bearer())
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return request.build();
    }

    private StepFailure failure(String what, String path, int status, JsonNode envelope) {
        String errors = errors(envelope);
        String quoted = "HTTP " + status + (errors.isEmpty() ? "" : ", " + errors);
        if (status == 401 || status == 403) {
            return new StepFailure(what + " was refused (" + quoted + "): the API token of Cloudflare account " + account.name()
                    + " (" + account.apiToken() + ") needs the permission " + permission(path), false);
        }
        boolean retryable = status == 429 || status >= 500;
        return new StepFailure(what + " failed (" + quoted + ")" + (retryable ? " after " + ATTEMPTS + " attempts" : ""), retryable);
    }

    /** The envelope's errors as "[1003] Invalid or missing zone id; [9106] …". */
    private static String errors(JsonNode envelope) {
        if (envelope == null) {
            return "";
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode error : envelope.path("errors")) {
            errors.add("[" + error.path("code").asString("?") + "] " + error.path("message").asString(""));
        }
        return String.join("; ", errors);
    }

    /** The permission a call on {@code path} needs: tunnels are an account's, DNS records a zone's. */
    static String permission(String path) {
        return path.contains("/cfd_tunnel/") ? TUNNEL_EDIT : DNS_EDIT;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << (attempt - 1));
    }

    /** {@code Retry-After} in seconds, as Cloudflare sends it with a 429; at most {@link #MAX_WAIT}. */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return java.util.Optional.of(Duration.ofSeconds(Math.min(Math.max(seconds, 0), MAX_WAIT.toSeconds())));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static void pause(String what, Duration wait, String why) {
        log.info("{}: {}; trying again in {} ms", what, why, wait.toMillis());
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(what + ": interrupted while waiting to try again", true, e);
        }
    }
}
