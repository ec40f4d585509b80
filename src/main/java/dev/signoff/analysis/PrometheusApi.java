package dev.signoff.analysis;

import dev.signoff.promotion.MonitoringConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Instant queries over Prometheus's HTTP API ({@code POST /api/v1/query}, form-encoded, so long
 * queries fit), with the server's bearer token when it has {@code credentials}. An instant vector
 * of exactly one series, or a scalar, is a value; an empty vector, NaN or several series is no
 * value; anything else (no connection, a non-2xx answer, {@code "status": "error"}) is
 * unavailable, with the reason quoted. Thread-safe.
 */
final class PrometheusApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int QUOTED_BODY = 200;

    private final HttpClient http;
    private final Map<String, String> env;

    PrometheusApi(HttpClient http, Map<String, String> env) {
        this.http = http;
        this.env = env;
    }

    Reading query(MonitoringConfig server, String query, Duration timeout) {
        String where = "prometheus " + server.name() + " (" + server.url() + ")";
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(server.url()))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
        if (server.credentials() != null) {
            String token;
            try {
                token = token(server.credentials());
            } catch (IllegalStateException e) {
                return new Reading.Unavailable(where + ": credentials " + server.credentials() + ": " + e.getMessage());
            }
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Reading.Unavailable(where + " is unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reading.Unavailable(where + ": interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            return new Reading.Unavailable(where + " answered HTTP " + response.statusCode() + " that is not JSON: " + quote(response.body()));
        }
        if (response.statusCode() / 100 != 2 || !"success".equals(body.path("status").asString(""))) {
            String error = body.path("error").asString("");
            return new Reading.Unavailable(where + " answered HTTP " + response.statusCode()
                    + (error.isEmpty() ? ": " + quote(response.body()) : " (" + body.path("errorType").asString("error") + "): " + quote(error)));
        }
        return reading(body.path("data"));
    }

    static Reading reading(JsonNode data) {
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        return switch (type) {
            case "scalar" -> number(result.path(1).asString(""));
            case "vector" -> result.size() == 0 ? new Reading.NoValue("no sample")
                    : result.size() > 1 ? new Reading.NoValue(result.size() + " series, not one")
                    : number(result.path(0).path("value").path(1).asString(""));
            default -> new Reading.NoValue("a " + (type.isEmpty() ? "result" : type) + " that is not one number; write an instant vector or a scalar");
        };
    }

    private static Reading number(String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return new Reading.NoValue("'" + text + "', not a number");
        }
        return Double.isNaN(value) ? new Reading.NoValue("NaN") : new Reading.Value(value);
    }

    private static URI endpoint(URI base) {
        String s = base.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v1/query");
    }

    /** The bearer token an {@code env:VAR} or {@code file:/path} reference holds; the token itself is never in a message. */
    private String token(String ref) {
        String value;
        if (ref.startsWith("env:")) {
            value = env.get(ref.substring(4));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("the environment variable " + ref.substring(4) + " is not set");
            }
        } else if (ref.startsWith("file:")) {
            try {
                value = Files.readString(Path.of(ref.substring(5)), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IllegalStateException("no such file");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            throw new IllegalStateException("not a reference (env:VAR or file:/path)");
        }
        return value.strip();
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException || message == null) {
            return "could not connect" + (message != null && !message.isBlank() ? " (" + message + ")" : "");
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        return message;
    }

    private static String quote(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return "\"" + (oneLine.length() > QUOTED_BODY ? oneLine.substring(0, QUOTED_BODY) + "…" : oneLine) + "\"";
    }
}
