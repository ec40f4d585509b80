package dev.signoff.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/** Blobs move over blocking connections of their own: TLS with the configured trust, and a destination that stops reading. */
class BlobConnectionsTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    Path work;

    @Test
    @DisplayName("reads blobs over TLS with the trust the registry client is configured with")
    void blobsOverTls() throws Exception {
        Image image = TestImages.small(Kind.OCI_INDEX, work.resolve("image"), 31);
        TestImages.push(image, registries.open, "shop", "tls");
        WireMockServer tls = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
        tls.start();
        try {
            tls.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom("http://" + registries.open.host())));
            RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(
                    new RegistryConfig("tls", "127.0.0.1:" + tls.httpsPort(), false, null),
                    RegistryFixtures.named("secure", registries.secure, "env:CREDS")),
                    RegistryFixtures.fast(Map.of("CREDS", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD), RegistrySettings.ExchangeObserver.NONE)
                            .withSslContext(RegistryAuthTest.trustAll()));

            client.copy(ImageRef.parse("tls/shop@" + image.digest()), ImageRef.parse("secure/from-tls:v1"), detail -> { });

            RegistryCopyTest.assertSameBytes(registries.secure, "from-tls", "v1", image);
            tls.verify(image.blobs().size(), getRequestedFor(urlPathMatching("/v2/shop/blobs/sha256:.*")));
        } finally {
            tls.stop();
        }
    }

    @Test
    @DisplayName("a blob of unknown length is sent chunked and arrives whole, its digest checked by the registry")
    void unknownLength() throws Exception {
        byte[] bytes = new byte[3 * StreamBody.BUFFER + 17];
        new java.util.Random(9).nextBytes(bytes);
        Digest digest = Digest.sha256Of(bytes);
        RegistryHttp open = new RegistryHttp(RegistryFixtures.named("open", registries.open, null), HttpClient.newHttpClient(),
                RegistrySettings.defaults().withEnv(Map.of()), new Credentials(Map.of()));
        java.net.http.HttpResponse<byte[]> started = open.send(Call.of("POST", open.base().resolve("chunked/blobs/uploads/"), "chunked", "starting"),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        java.net.URI location = open.base().resolve(started.headers().firstValue("Location").orElseThrow());
        java.net.URI put = java.net.URI.create(location + "&digest=" + digest.toString().replace(":", "%3A"));

        java.net.http.HttpResponse<InputStream> answer = open.stream(Call.of("PUT", put, "chunked", "uploading")
                .streamedBody(new StreamBody(new java.io.ByteArrayInputStream(bytes), -1), Duration.ofSeconds(30)));

        assertThat(answer.statusCode()).isEqualTo(201);
        java.net.http.HttpResponse<byte[]> stored = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                open.uri("chunked", "blobs", digest.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stored.body()).isEqualTo(bytes);
    }

    @Test
    @DisplayName("the JDK's connection log, at its most detailed, never shows the credentials a blob request carries")
    void noCredentialsInTheConnectionLog() {
        Image image = TestImages.small(Kind.OCI_MANIFEST, work.resolve("logged"), 33);
        TestImages.push(image, registries.open, "shop", "logged");
        RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("open", registries.open, null),
                RegistryFixtures.named("secure", registries.secure, "env:CREDS")),
                RegistryFixtures.fast(Map.of("CREDS", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD), RegistrySettings.ExchangeObserver.NONE));
        List<String> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        java.util.logging.Level before = BlockingExchange.WIRE_LOG.getLevel();
        BlockingExchange.WIRE_LOG.setLevel(java.util.logging.Level.ALL);
        BlockingExchange.WIRE_LOG.addHandler(capture);
        try {
            client.copy(ImageRef.parse("open/shop@" + image.digest()), ImageRef.parse("secure/logged:v1"), detail -> { });
        } finally {
            BlockingExchange.WIRE_LOG.removeHandler(capture);
            BlockingExchange.WIRE_LOG.setLevel(before);
        }

        String basic = java.util.Base64.getEncoder().encodeToString((TwoRegistries.USER + ":" + TwoRegistries.PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(logged).as("the uploads' requests were logged").anySatisfy(line -> assertThat(line).contains("Authorization: (hidden)"));
        assertThat(logged).noneSatisfy(line -> assertThat(line).containsAnyOf(basic, TwoRegistries.PASSWORD));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("an upload the destination stops reading is dropped as stalled and tried again, then fails saying so")
    void stalledUpload() throws Exception {
        byte[] bytes = new byte[32 * 1024 * 1024];
        new java.util.Random(5).nextBytes(bytes);
        Descriptor blob = new Descriptor(Digest.sha256Of(bytes), bytes.length, "application/octet-stream");
        MemoryStore source = new MemoryStore(false);
        source.blobs.put(blob.digest(), bytes);
        try (StuckRegistry stuck = new StuckRegistry()) {
            RegistrySettings settings = RegistrySettings.defaults().withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10))
                    .withRequestTimeout(Duration.ofSeconds(1)).withEnv(Map.of());
            RegistryHttp target = new RegistryHttp(new RegistryConfig("stuck", stuck.host(), true, null), HttpClient.newHttpClient(), settings,
                    new Credentials(Map.of()));

            StepFailure failure = catchThrowableOfType(StepFailure.class,
                    () -> new BlobTransfer(source, null, target, "shop", settings).upload(blob));

            assertThat(failure.getMessage()).isEqualTo("memory: copying blob " + blob.digest().shortForm() + ": no data for 1 s (stalled)");
            assertThat(failure.retryable()).isTrue();
            String digest = "?digest=" + blob.digest().toString().replace(":", "%3A");
            assertThat(stuck.requests).containsExactly("POST /v2/shop/blobs/uploads/", "PUT /v2/shop/blobs/uploads/1" + digest,
                    "POST /v2/shop/blobs/uploads/", "PUT /v2/shop/blobs/uploads/2" + digest);
        }
    }

    /** Starts uploads, then takes a PUT's headers and never reads its body. */
    private static final class StuckRegistry implements AutoCloseable {
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger uploads = new java.util.concurrent.atomic.AtomicInteger();

        StuckRegistry() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofPlatform().daemon().start(this::serve);
        }

        String host() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        private void serve() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    held.add(socket);
                    Thread.ofPlatform().daemon().start(() -> answer(socket));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void answer(Socket socket) {
            try {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                for (String request; (request = requestLine(in)) != null; ) {
                    requests.add(request);
                    if (request.startsWith("PUT ")) {
                        return; // the body is never read: the connection stays open, full
                    }
                    String location = "/v2/shop/blobs/uploads/" + uploads.incrementAndGet();
                    out.write(("HTTP/1.1 202 Accepted\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closed) {
                // dropped by the client, or the test is over
            }
        }

        /** The request line ("POST /path"), its headers skipped; null when the connection closed. */
        private static String requestLine(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                if (head.toString().endsWith("\r\n\r\n")) {
                    String[] words = head.toString().split(" ", 3);
                    return words[0] + " " + words[1];
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
