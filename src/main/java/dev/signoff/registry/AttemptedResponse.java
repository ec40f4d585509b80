package dev.signoff.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import javax.net.ssl.SSLSession;

/** The last answer of a request that was retried, remembering how many attempts it took (for the message). */
record AttemptedResponse<T>(HttpResponse<T> last, int attempts) implements HttpResponse<T> {
    @Override
    public int statusCode() {
        return last.statusCode();
    }

    @Override
    public HttpRequest request() {
        return last.request();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return last.previousResponse();
    }

    @Override
    public HttpHeaders headers() {
        return last.headers();
    }

    @Override
    public T body() {
        return last.body();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return last.sslSession();
    }

    @Override
    public URI uri() {
        return last.uri();
    }

    @Override
    public HttpClient.Version version() {
        return last.version();
    }
}
