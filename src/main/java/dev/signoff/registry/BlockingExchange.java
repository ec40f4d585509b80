package dev.signoff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP exchange on a blocking connection (the JDK's {@code HttpURLConnection}, kept alive
 * between requests): the way blobs move. The thread that reads a download writes the upload
 * itself, from one buffer, with no hand-over between threads: about half the CPU of the JDK's
 * asynchronous client per byte (see docs/benchmarks.md). The request is described by an
 * {@link HttpRequest} (method, address, headers, timeout) so that {@link RegistryHttp} treats both
 * transports alike. No proxy and no redirects, as with the registry's {@link HttpClient}; the
 * timeout applies to each read (connect: its own timeout), so a connection that stops sending fails.
 */
final class BlockingExchange {
    /**
     * The JDK's own logger for these connections writes every request's headers, credentials
     * included, at FINE (and so under {@code logging.level.root: debug}): they are scrubbed from
     * its records before any handler sees them. Held here, so that the filter stays.
     */
    static final java.util.logging.Logger WIRE_LOG = java.util.logging.Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");
    private static final java.util.regex.Pattern CREDENTIALS = java.util.regex.Pattern.compile("(?i)((?:Proxy-)?Authorization: )[^}]*");

    static {
        WIRE_LOG.setFilter(record -> {
            if (record.getMessage() != null) {
                record.setMessage(CREDENTIALS.matcher(record.getMessage()).replaceAll("$1(hidden)"));
            }
            return true;
        });
    }

    private final Duration connectTimeout;
    /** One factory for every connection: the JDK keeps a TLS connection alive for reuse only with the factory that made it. */
    private final SSLSocketFactory socketFactory;

    BlockingExchange(Duration connectTimeout, SSLContext sslContext) {
        this.connectTimeout = connectTimeout;
        this.socketFactory = sslContext != null ? sslContext.getSocketFactory() : null;
    }

    /** Sends {@code request} with {@code body} (null: none); the answer's body is the connection's stream, for the caller to read and close. */
    HttpResponse<InputStream> send(HttpRequest request, StreamBody body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection(Proxy.NO_PROXY);
        if (socketFactory != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(socketFactory);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(request.timeout().orElse(Duration.ofSeconds(60))));
        connection.setRequestMethod(request.method());
        connection.setRequestProperty("Accept", "*/*");
        request.headers().map().forEach((name, values) -> values.forEach(value -> connection.setRequestProperty(name, value)));
        try {
            if (body != null) {
                connection.setDoOutput(true);
                if (body.length() >= 0) {
                    connection.setFixedLengthStreamingMode(body.length());
                } else {
                    connection.setChunkedStreamingMode(StreamBody.BUFFER);
                }
                body.connected(connection::disconnect);
                try (OutputStream out = connection.getOutputStream()) {
                    body.writeTo(out);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : request.method().equals("HEAD") ? null : connection.getInputStream();
            return new Answer(request, status, headers(connection), in != null ? in : InputStream.nullInputStream());
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static HttpHeaders headers(HttpURLConnection connection) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line
                fields.put(name, values);
            }
        });
        return HttpHeaders.of(fields, (name, value) -> true);
    }

    /** The answer: status, headers, and the body as the connection's stream. */
    private record Answer(HttpRequest request, int statusCode, HttpHeaders headers, InputStream body) implements HttpResponse<InputStream> {
        @Override
        public Optional<HttpResponse<InputStream>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
