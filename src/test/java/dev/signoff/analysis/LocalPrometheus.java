package dev.signoff.analysis;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Prometheus (Debian's {@code prometheus} package) for one test class: started on
 * 127.0.0.1 at a free port with a temporary storage folder, scraping a {@link MetricsTarget}
 * every second. Register with {@code @RegisterExtension static final LocalPrometheus prometheus
 * = new LocalPrometheus()}. Without the binary the class is skipped, or fails under {@code CI=true}.
 * Public for the end-to-end tests that run the application against it.
 */
public final class LocalPrometheus implements BeforeAllCallback, AfterAllCallback {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration START = Duration.ofSeconds(30);

    private Path folder;
    private Process process;
    private int port;
    public MetricsTarget target;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            String why = "Prometheus is not installed at " + BINARY + " (Debian's prometheus package; .ci/run installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + ", and under CI=true the tests that need it fail rather than being skipped.");
            }
            Assumptions.abort(why);
        }
        folder = Files.createTempDirectory("signoff-prometheus-");
        target = new MetricsTarget();
        Path config = Files.writeString(folder.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ["%s"]
                """.formatted(target.address()));
        port = freePort();
        process = new ProcessBuilder(BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + folder.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("prometheus.log").toFile())
                .start();
        long deadline = System.nanoTime() + START.toNanos();
        while (!ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                fail("Prometheus did not start: " + Files.readString(folder.resolve("prometheus.log")));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (target != null) {
            target.close();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** http://127.0.0.1:port */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until Prometheus's answer to {@code query} contains {@code expected} (at most 15 s): the last scrape has the test's figures. */
    public void awaitAnswer(String query, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get("/api/v1/query?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8));
            if (last.contains(expected)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("Prometheus never answered " + query + " with " + expected + "; last: " + last);
    }

    private boolean ready() {
        try {
            return get("/-/ready").contains("Ready");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private String get(String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
