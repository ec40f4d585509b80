package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLException;

import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.StepFailure;

/**
 * HTTP to one registry: authentication (through {@link Auth}), retries with exponential backoff
 * and jitter on 429 (honouring Retry-After), 5xx, connection failures and timeouts, and none on
 * other 4xx except one re-authentication on 401. Redirects are followed without the Authorization
 * header. Failures become {@link StepFailure}s that name the registry, the repository and the
 * problem. Small requests (manifests, checks) go through the JDK's {@link HttpClient}; blobs
 * through {@link BlockingExchange}, with the same rules. Thread-safe.
 */
final class RegistryHttp {
    private final RegistryConfig config;
    private final URI base;
    private final HttpClient client;
    private final BlockingExchange blocking;
    private final RegistrySettings settings;
    private final Auth auth;

    RegistryHttp(RegistryConfig config, HttpClient client, RegistrySettings settings, Credentials credentials) {
        this.config = config;
        this.client = client;
        this.blocking = new BlockingExchange(settings.connectTimeout(), settings.sslContext());
        this.settings = settings;
        this.base = URI.create((config.insecure() ? "http" : "https") + "://" + apiHost(config.host()) + "/v2/");
        this.auth = new Auth(config, credentials);
    }

    /** Docker Hub's API is served from another host than the one people write. */
    private static String apiHost(String host) {
        return switch (host) {
            case "docker.io", "index.docker.io" -> "registry-1.docker.io";
            default -> host;
        };
    }

    RegistryConfig config() {
        return config;
    }

    URI base() {
        return base;
    }

    /** {@code /v2/<repository>/<kind>/<reference>}, e.g. kind {@code manifests} or {@code blobs}. */
    URI uri(String repository, String kind, String reference) {
        return base.resolve(repository + "/" + kind + "/" + reference);
    }

    String describe() {
        return "registry " + config.name() + " (" + config.host() + ")";
    }

    <T> HttpResponse<T> send(Call call, HttpResponse.BodyHandler<T> handler) {
        return exchange(call, request -> client.send(request, handler));
    }

    /**
     * A blob's download (the body is the connection's stream, for the caller to read and close) or
     * upload (the call's {@linkplain Call#streamedBody streamed body}).
     */
    HttpResponse<InputStream> stream(Call call) {
        return exchange(call, request -> blocking.send(request, call.streamed()));
    }

    /** One transport's way to send a request. */
    @FunctionalInterface
    private interface Transport<T> {
        HttpResponse<T> send(HttpRequest request) throws IOException, InterruptedException;
    }

    private <T> HttpResponse<T> exchange(Call call, Transport<T> transport) {
        URI uri = call.uri();
        boolean authenticate = call.authenticate();
        boolean reauthenticated = false;
        int redirects = 0;
        int attempt = 1;
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(call.timeout() != null ? call.timeout() : settings.requestTimeout())
                    .method(call.method(), call.body().get())
                    .header("User-Agent", ImageRegistry.USER_AGENT);
            call.headers().forEach(request::header);
            if (authenticate) {
                String authorization = auth.authorization(this, call.scopes());
                if (authorization != null) {
                    request.setHeader("Authorization", authorization);
                }
            }
            HttpResponse<T> response;
            try {
                response = transport.send(request.build());
            } catch (IOException e) {
                settings.observer().exchanged(call.method(), uri, -1);
                if (call.retry() && attempt < settings.maxAttempts() && !(e instanceof SSLException)) {
                    pause(backoff(attempt++, null), call);
                    continue;
                }
                throw failure(call.repository(), call.action() + ": " + describe(e) + attempts(attempt), !(e instanceof SSLException), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(call.repository(), call.action() + ": interrupted", true, e);
            }
            int status = response.statusCode();
            settings.observer().exchanged(call.method(), uri, status);
            if (status == 401 && authenticate && !reauthenticated
                    && auth.challenged(response.headers().firstValue("WWW-Authenticate").orElse(null), call.scopes())) {
                discard(response);
                reauthenticated = true;
                continue;
            }
            if (isRedirect(status) && (call.method().equals("GET") || call.method().equals("HEAD"))) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location != null && redirects++ < 5) {
                    discard(response);
                    uri = uri.resolve(location);
                    authenticate = false;
                    continue;
                }
            }
            if (call.retry() && isRetryable(status) && attempt < settings.maxAttempts()) {
                Duration retryAfter = retryAfter(response);
                if (retryAfter == null || retryAfter.compareTo(settings.maxRetryAfter()) <= 0) {
                    discard(response);
                    pause(backoff(attempt++, retryAfter), call);
                    continue;
                }
            }
            if (isRetryable(status) && attempt > 1) {
                return new AttemptedResponse<>(response, attempt);
            }
            return response;
        }
    }

    static boolean isRetryable(int status) {
        return status == 429 || status >= 500;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    Duration backoff(int attempt, Duration retryAfter) {
        long base = settings.baseDelay().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, settings.maxDelay().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        if (retryAfter != null) {
            return retryAfter.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, retryAfter.toMillis() / 10 + 1)));
        }
        return Duration.ofMillis(jittered);
    }

    void pause(Duration wait, Call call) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(call.repository(), call.action() + ": interrupted", true, e);
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do: the connection is dropped
            }
        }
    }

    StepFailure failure(String repository, String what, boolean retryable) {
        return failure(repository, what, retryable, null);
    }

    StepFailure failure(String repository, String what, boolean retryable, Throwable cause) {
        return new StepFailure(describe() + (repository != null ? ", repository " + repository : "") + ": " + what, retryable, cause);
    }

    /** A failure for an unexpected answer, worded by status, with the registry's own error code where it gave one. */
    StepFailure failure(HttpResponse<?> response, String repository, String action) {
        int status = response.statusCode();
        String detail = ErrorBodies.detail(response);
        int attempts = response instanceof AttemptedResponse<?> attempted ? attempted.attempts() : 1;
        String what = switch (status) {
            case 401 -> auth.hasCredentials()
                    ? "the credentials were refused (401)" + detail
                    : "authentication required (401)" + detail + "; configure credentials (docker config, a credential helper, or credentials: env:VAR / file:/path in pipelines.yaml)";
            case 403 -> "access denied (403)" + detail;
            case 404 -> "not found (404)" + detail;
            case 429 -> "rate limited (429)" + attempts(attempts) + detail;
            default -> "the registry answered " + status + detail + (status >= 500 ? attempts(attempts) : "");
        };
        return failure(repository, action + ": " + what, isRetryable(status));
    }

    private static String attempts(int attempts) {
        return attempts > 1 ? " after " + attempts + " attempts" : "";
    }

    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof SocketTimeoutException && "Connect timed out".equals(e.getMessage())) {
            return "timed out connecting to " + config.host();
        }
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            return "no answer within " + settings.requestTimeout().toSeconds() + "s (timed out)";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to " + config.host() + " (" + (e.getMessage() != null ? e.getMessage() : "connection refused") + ")";
        }
        if (e instanceof SSLException) {
            return "TLS failed (" + e.getMessage() + ")" + (config.insecure() ? "" : "; if the registry speaks plain HTTP, mark it insecure: true");
        }
        String message = e.getMessage();
        return (message != null && !message.isBlank() ? message : e.getClass().getSimpleName()) + " (connection lost)";
    }
}
