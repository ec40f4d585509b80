package dev.signoff.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** One request to a registry as the callers see it; {@code retry} only for requests whose body can be sent again. */
record Call(String method, URI uri, String repository, String action, List<String> scopes, Map<String, String> headers,
            Supplier<HttpRequest.BodyPublisher> body, boolean retry, boolean authenticate, Duration timeout) {

    static Call get(URI uri, String repository, String action) {
        return new Call("GET", uri, repository, action, List.of(), Map.of(), HttpRequest.BodyPublishers::noBody, true, true, null);
    }

    static Call of(String method, URI uri, String repository, String action) {
        return new Call(method, uri, repository, action, List.of(), Map.of(), HttpRequest.BodyPublishers::noBody, true, true, null);
    }

    Call scopes(String... wanted) {
        return new Call(method, uri, repository, action, List.of(wanted), headers, body, retry, authenticate, timeout);
    }

    Call withHeaders(Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(extra);
        return new Call(method, uri, repository, action, scopes, Map.copyOf(all), body, retry, authenticate, timeout);
    }

    Call header(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    Call body(byte[] bytes) {
        return new Call(method, uri, repository, action, scopes, headers, () -> HttpRequest.BodyPublishers.ofByteArray(bytes), retry, authenticate, timeout);
    }

    /** A body that can be sent once only: the caller retries the whole transfer instead. */
    Call streamedBody(Supplier<HttpRequest.BodyPublisher> once, Duration longerTimeout) {
        return new Call(method, uri, repository, action, scopes, headers, once, false, authenticate, longerTimeout);
    }

    Call anonymous() {
        return new Call(method, uri, repository, action, scopes, headers, body, retry, false, timeout);
    }
}
