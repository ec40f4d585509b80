package dev.signoff.gitops;

import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.spi.StepFailure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP to a forge's REST API, shared by {@link GitHubPulls} and {@link GitLabMergeRequests}:
 * the token goes in the header the forge asks for and never into a message; an answer that is not
 * 2xx fails the step with the call, the status and the forge's own message (5xx and 429 may help
 * on a retry, the rest not).
 */
final class ForgeHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GitRepo repo;
    private final String product;
    private final String base;
    private final Map<String, String> headers;
    private final String token;
    private final HttpClient http;

    /** {@code headers} carry the token; {@code token} is scrubbed from every message. */
    ForgeHttp(GitRepo repo, String product, Map<String, String> headers, String token, HttpClient http) {
        this.repo = repo;
        this.product = product;
        this.base = Forge.apiBase(repo);
        this.headers = headers;
        this.token = token;
        this.http = http;
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    JsonNode post(String path, Map<String, Object> body) {
        return call("POST", path, body);
    }

    private JsonNode call(String method, String path, Map<String, Object> body) {
        String what = repo.describe() + ": " + product + " " + method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StepFailure(scrub(what + ": " + e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "")), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure(what + ": interrupted", true);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String problem = status == 401 || status == 403
                    ? "the token was refused (" + status + " " + message(response.body()) + "); it needs to read and open "
                            + (product.equals("GitLab") ? "merge requests (api scope)" : "pull requests (Pull requests: read and write)")
                    : status + " " + message(response.body());
            throw new StepFailure(scrub(what + ": " + problem), status >= 500 || status == 429);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new StepFailure(what + ": the answer is not JSON", true);
        }
    }

    /** The forge's own words: GitHub's and GitLab's {@code message} (with GitHub's {@code errors[].message}), or the body's start. */
    private static String message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            StringBuilder out = new StringBuilder(json.path("message").isString() ? json.path("message").asString() : json.path("message").toString());
            json.path("errors").forEach(e -> out.append("; ").append(e.path("message").isString() ? e.path("message").asString() : e.toString()));
            if (json.path("error").isString()) {
                out.append(json.path("error").asString());
            }
            return out.toString().strip();
        } catch (JacksonException | IllegalArgumentException e) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
    }

    private String scrub(String text) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }
}
