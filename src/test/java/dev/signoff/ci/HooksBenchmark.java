package dev.signoff.ci;

import dev.signoff.promotion.Digest;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a test: figures. 2,000 signed deliveries of the generic format, each id once, plus 10 %
 * replays of them, shuffled, from 32 concurrent senders; then the rows are counted. The peer in
 * the same run is the floor of the same HTTP stack: the same senders POSTing to a path the
 * controller answers 404 without work. Run with {@code ./mvnw -B -P bench-hooks test}; the
 * figures are printed and written to {@code target/bench-hooks.md}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ci-bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/ci/pipelines.yaml",
        "signoff.hooks.generic.secret=" + HooksBenchmark.SECRET,
        "logging.level.dev.signoff.ci=WARN"})
@Import(TestAdapters.class)
@DisplayName("Hook intake benchmark")
class HooksBenchmark {
    static final String SECRET = "bench-hmac-key";
    private static final int DELIVERIES = Integer.getInteger("bench.deliveries", 2000);
    private static final int SENDERS = Integer.getInteger("bench.senders", 32);
    private static final int REPLAYS = DELIVERIES / 10;
    private static final int WARM_UP = 1000;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One request to send: its delivery id, body and signature. */
    private record Delivery(String id, byte[] body, String signature) {
    }

    private record Run(long wallNanos, List<Long> latencies, Map<Integer, Integer> statuses) {
        double perSecond() {
            return latencies.size() / (wallNanos / 1e9);
        }

        double percentile(double p) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1)) / 1e6;
        }
    }

    @Test
    @DisplayName("2,000 signed deliveries plus 10 % replays from 32 senders: throughput, p99 latency, each stored once")
    void deliveries() throws Exception {
        send("/hooks/generic", deliveries("warm", WARM_UP, 0));
        send("/hooks/nowhere", deliveries("warm-floor", WARM_UP, 0));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                "select count(*) from hook_deliveries where delivery_id like 'warm-%' and finished_at is not null").query(Long.class).single() >= WARM_UP);

        List<Delivery> work = deliveries("bench", DELIVERIES, REPLAYS);
        long started = System.nanoTime();
        Run hooks = send("/hooks/generic", work);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                "select count(*) from hook_deliveries where delivery_id like 'bench-%' and finished_at is not null").query(Long.class).single() >= DELIVERIES);
        long allWorkedOn = System.nanoTime() - started;
        Run floor = send("/hooks/nowhere", work);

        long rows = jdbc.sql("select count(*) from hook_deliveries where delivery_id like 'bench-%'").query(Long.class).single();
        long distinct = jdbc.sql("select count(distinct delivery_id) from hook_deliveries where delivery_id like 'bench-%'").query(Long.class).single();
        long builds = jdbc.sql("select count(*) from builds where commit_sha like 'bench-%'").query(Long.class).single();

        String report = report(hooks, floor, rows, distinct, builds, allWorkedOn);
        System.out.println(report);
        Files.writeString(Path.of("target", "bench-hooks.md"), report);

        assertThat(hooks.statuses()).containsEntry(202, DELIVERIES).containsEntry(200, REPLAYS);
        assertThat(rows).isEqualTo(DELIVERIES);
        assertThat(distinct).isEqualTo(DELIVERIES);
        assertThat(builds).isEqualTo(DELIVERIES);
    }

    /** {@code count} deliveries with ids {@code <prefix>-<n>}, plus {@code replays} of them sent again, shuffled with a fixed seed. */
    private static List<Delivery> deliveries(String prefix, int count, int replays) {
        List<Delivery> list = new ArrayList<>();
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            byte[] body = ("{\"app\":\"cart\",\"image\":\"" + Digest.sha256Of(id) + "\",\"commit\":\"" + id
                    + "\",\"branch\":\"main\",\"status\":\"success\",\"url\":\"https://ci.example.com/" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            list.add(new Delivery(id, body, Signatures.sign(secret, body)));
        }
        Random random = new Random(42);
        for (int i = 0; i < replays; i++) {
            list.add(list.get(random.nextInt(count)));
        }
        Collections.shuffle(list, random);
        return list;
    }

    private Run send(String path, List<Delivery> work) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        AtomicInteger next = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                running.add(senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
                        Delivery d = work.get(i);
                        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .header("X-Signoff-Signature", d.signature()).header("X-Signoff-Delivery", d.id())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body())).build();
                        long t0 = System.nanoTime();
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        latencies.add(System.nanoTime() - t0);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return new Run(System.nanoTime() - start, latencies, statuses);
    }

    private static String report(Run hooks, Run floor, long rows, long distinct, long builds, long allWorkedOn) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%,d signed generic deliveries + %,d replays (shuffled), %d concurrent senders, %d cores%n%n",
                DELIVERIES, REPLAYS, SENDERS, Runtime.getRuntime().availableProcessors()));
        out.append("| endpoint | requests | wall time | requests/s | p50 | p99 | max | answers |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        row(out, "POST /hooks/generic (verify, parse, store, answer)", hooks);
        row(out, "POST /hooks/nowhere (404, no work: the HTTP floor)", floor);
        out.append(String.format(Locale.ROOT, "%nAll %,d deliveries worked on (build recorded, status posted, outcome stored) %.2f s after the first was sent.%n",
                DELIVERIES, allWorkedOn / 1e9));
        out.append(String.format(Locale.ROOT, "Rows in hook_deliveries: %,d (distinct ids: %,d; expected %,d). Builds recorded: %,d.%n",
                rows, distinct, DELIVERIES, builds));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Run run) {
        out.append(String.format(Locale.ROOT, "| %s | %,d | %.2f s | %,.0f | %.1f ms | %.1f ms | %.1f ms | %s |%n", name, run.latencies().size(),
                run.wallNanos() / 1e9, run.perSecond(), run.percentile(50), run.percentile(99), run.percentile(100), new java.util.TreeMap<>(run.statuses())));
    }
}
