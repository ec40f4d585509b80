package dev.signoff.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * How the registry client behaves: retries with backoff, timeouts, how many blobs move at once, the
 * environment credentials are read from, and an observer of every HTTP exchange (for counting).
 */
record RegistrySettings(
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay,
        Duration maxRetryAfter,
        Duration connectTimeout,
        Duration requestTimeout,
        int parallelBlobs,
        Map<String, String> env,
        ExchangeObserver observer,
        SSLContext sslContext) {

    /** Sees every request sent, with the status answered (-1 when no answer came). Called from many threads. */
    @FunctionalInterface
    interface ExchangeObserver {
        void exchanged(String method, URI uri, int status);

        ExchangeObserver NONE = (method, uri, status) -> { };
    }

    static RegistrySettings defaults() {
        return new RegistrySettings(5, Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 4, System.getenv(), ExchangeObserver.NONE, null);
    }

    RegistrySettings withRetries(int attempts, Duration base, Duration max) {
        return new RegistrySettings(attempts, base, max, maxRetryAfter, connectTimeout, requestTimeout, parallelBlobs, env, observer, sslContext);
    }

    RegistrySettings withRequestTimeout(Duration timeout) {
        return new RegistrySettings(maxAttempts, baseDelay, maxDelay, maxRetryAfter, connectTimeout, timeout, parallelBlobs, env, observer, sslContext);
    }

    RegistrySettings withParallelBlobs(int parallel) {
        return new RegistrySettings(maxAttempts, baseDelay, maxDelay, maxRetryAfter, connectTimeout, requestTimeout, parallel, env, observer, sslContext);
    }

    RegistrySettings withEnv(Map<String, String> environment) {
        return new RegistrySettings(maxAttempts, baseDelay, maxDelay, maxRetryAfter, connectTimeout, requestTimeout, parallelBlobs, environment, observer, sslContext);
    }

    RegistrySettings withObserver(ExchangeObserver exchangeObserver) {
        return new RegistrySettings(maxAttempts, baseDelay, maxDelay, maxRetryAfter, connectTimeout, requestTimeout, parallelBlobs, env, exchangeObserver, sslContext);
    }

    RegistrySettings withSslContext(SSLContext context) {
        return new RegistrySettings(maxAttempts, baseDelay, maxDelay, maxRetryAfter, connectTimeout, requestTimeout, parallelBlobs, env, observer, context);
    }
}
