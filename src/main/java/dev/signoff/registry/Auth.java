package dev.signoff.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.StepFailure;

/**
 * Authentication for one registry: anonymous until the registry challenges, then Basic or the
 * bearer token flow. Tokens are cached per scope set until shortly before they expire. Credentials
 * are read lazily and only ever sent over HTTPS, or over plain HTTP to a registry marked insecure.
 * Thread-safe: blob transfers share one instance.
 */
final class Auth {
    private static final Duration CREDENTIALS_TTL = Duration.ofMinutes(5);

    private record Token(String value, Instant expires) {
    }

    private record Cached(Optional<Credentials.Credential> credential, Instant readAt) {
    }

    private final RegistryConfig config;
    private final Credentials credentials;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Object tokenLock = new Object();
    private volatile Challenge challenge;
    private volatile Cached cached;

    Auth(RegistryConfig config, Credentials credentials) {
        this.config = config;
        this.credentials = credentials;
    }

    static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    /** The Authorization header for a request needing {@code scopes}, or null while the registry has not asked for any. */
    String authorization(RegistryHttp http, List<String> scopes) {
        Challenge known = challenge;
        if (known == null) {
            return null;
        }
        if (known.isBasic()) {
            return credential().map(c -> basic(c, http.base())).orElse(null);
        }
        if (known.isBearer()) {
            return "Bearer " + token(http, known, scopes);
        }
        return null;
    }

    /**
     * Learns from a 401 answer. True when a retry with new authorization can help: the registry
     * named a scheme we speak and, for Basic, there are credentials to send.
     */
    boolean challenged(String wwwAuthenticate, List<String> scopes) {
        Optional<Challenge> parsed = Challenge.parse(wwwAuthenticate);
        if (parsed.isEmpty()) {
            return false;
        }
        Challenge c = parsed.get();
        challenge = c;
        tokens.remove(key(scopes));
        cached = null;
        if (c.isBearer()) {
            return c.param("realm") != null;
        }
        return c.isBasic() && credential().isPresent();
    }

    /** Whether credentials are known for this registry (to word a refusal). */
    boolean hasCredentials() {
        return credential().isPresent();
    }

    private Optional<Credentials.Credential> credential() {
        Cached c = cached;
        if (c == null || c.readAt().plus(CREDENTIALS_TTL).isBefore(Instant.now())) {
            try {
                c = new Cached(credentials.lookup(config), Instant.now());
            } catch (IllegalStateException e) {
                throw new StepFailure(e.getMessage(), false);
            }
            cached = c;
        }
        return c.credential();
    }

    private String basic(Credentials.Credential c, URI target) {
        guardPlainHttp(target);
        return "Basic " + Base64.getEncoder().encodeToString((c.user() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    }

    private void guardPlainHttp(URI target) {
        if ("http".equalsIgnoreCase(target.getScheme()) && !config.insecure()) {
            throw new StepFailure("registry " + config.name() + " (" + config.host() + "): refusing to send credentials over plain HTTP to "
                    + target.getScheme() + "://" + target.getAuthority() + "; mark the registry insecure: true to allow it", false);
        }
    }

    private String token(RegistryHttp http, Challenge c, List<String> scopes) {
        String key = key(scopes);
        Token token = tokens.get(key);
        if (token != null && token.expires().isAfter(Instant.now())) {
            return token.value();
        }
        synchronized (tokenLock) {
            token = tokens.get(key);
            if (token == null || !token.expires().isAfter(Instant.now())) {
                token = fetch(http, c, scopes);
                tokens.put(key, token);
            }
            return token.value();
        }
    }

    private Token fetch(RegistryHttp http, Challenge c, List<String> scopes) {
        List<String> wanted = new ArrayList<>(new TreeSet<>(scopes));
        if (c.param("scope") != null && !wanted.contains(c.param("scope"))) {
            wanted.add(c.param("scope"));
        }
        StringBuilder query = new StringBuilder();
        if (c.param("service") != null) {
            query.append("service=").append(URLEncoder.encode(c.param("service"), StandardCharsets.UTF_8));
        }
        for (String scope : wanted) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        String realm = c.param("realm");
        URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        Optional<Credentials.Credential> credential = credential();
        Map<String, String> headers = credential.isPresent() ? Map.of("Authorization", basic(credential.get(), uri)) : Map.of();
        String repository = scopes.isEmpty() ? null : scopes.get(0).split(":")[1];
        HttpResponse<byte[]> response = http.send(Call.get(uri, repository, "getting a token from " + uri.getAuthority())
                .withHeaders(headers).anonymous(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw http.failure(repository, "the token service refused " + (credential.isPresent() ? "the credentials" : "anonymous access")
                    + " (" + response.statusCode() + ")" + (credential.isPresent() ? "" : "; configure credentials for this registry"), false);
        }
        if (response.statusCode() != 200) {
            throw http.failure(response, repository, "getting a token from " + uri.getAuthority());
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(response.body());
            String value = json.path("token").asString(null);
            if (value == null || value.isEmpty()) {
                value = json.path("access_token").asString(null);
            }
            if (value == null || value.isEmpty()) {
                throw http.failure(repository, "the token service at " + uri.getAuthority() + " answered without a token", false);
            }
            long seconds = Math.max(60, json.path("expires_in").asLong(60));
            return new Token(value, Instant.now().plusSeconds(seconds - 10));
        } catch (JacksonException e) {
            throw http.failure(repository, "the token service at " + uri.getAuthority() + " answered something that is not JSON", false);
        }
    }

    private static String key(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
