package dev.signoff.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request to a registry as the callers see it; {@code retry} only for requests whose body can
 * be sent again. A {@code streamed} body (a blob) goes by {@link RegistryHttp#stream}, never by
 * {@code body}.
 */
record Call(String method, URI uri, String repository, String action, List<String> scopes, Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body, StreamBody streamed, boolean retry, boolean authenticate, Duration timeout) {

    static Call get(URI uri, String repository, String action) {
        return of("GET", uri, repository, action);
    }

    static Call of(String method, URI uri, String repository, String action) {
        return new Call(method, uri, repository, action, List.of(), Map.of(), HttpRequest.BodyPublishers::noBody, null, true, true, null);
    }

    Call scopes(String... wanted) {
        return new Call(method, uri, repository, action, List.of(wanted), headers, body, streamed, retry, authenticate, timeout);
    }

    Call withHeaders(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(extra);
        return new Call(method, uri, repository, action, scopes, Map.copyOf(all), body, streamed, retry, authenticate, timeout);
    }

    Call header(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    Call body(byte[] bytes) {
        return new Call(method, uri, repository, action, scopes, headers, () -> HttpRequest.BodyPublishers.ofByteArray(bytes), null, retry, authenticate, timeout);
    }

    /** A body that can be sent once only: the caller retries the whole transfer instead. */
    Call streamedBody(StreamBody once, Duration longerTimeout) {
        return new Call(method, uri, repository, action, scopes, headers, HttpRequest.BodyPublishers::noBody, once, false, authenticate, longerTimeout);
    }

    Call anonymous() {
        return new Call(method, uri, repository, action, scopes, headers, body, streamed, retry, false, timeout);
    }
}
