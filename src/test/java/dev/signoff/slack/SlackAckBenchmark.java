package dev.signoff.slack;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Not a test: how fast /slack/events acknowledges slash commands ({@code /signoff status shop})
 * and button clicks (Approve on a real card, by someone who may not approve: a refusal) from 64
 * concurrent senders, with signed requests shaped like Slack's (a click carries the whole card,
 * as Slack sends it). The application runs as by default (an H2 file database) with the JVM
 * options it ships with ({@code signoff.jvm.priorities} in the pom), and is measured warm: 150
 * bursts go first, as a server that has been up for a while. The Web API and response_url are
 * WireMock in the same JVM; the work after each acknowledgement runs at the same time on the same
 * cores. Run:
 * {@code ./mvnw -B test -P bench-slack}; the figures are printed and written to
 * {@code target/bench-slack.txt}.
 *
 * <ul>
 * <li><b>one at a time</b>: a single sender, each request after the last one is answered: what
 * an acknowledgement costs with nothing else going on.</li>
 * <li><b>burst</b>: 64 people act at the same instant (half type a command, half click); the
 * next burst comes once everything of the last one is answered. The target, p99 ≤ 50 ms on
 * 2 cores, is about this.</li>
 * <li><b>overload</b>: each of the 64 sends its next request as soon as the last is
 * acknowledged, far beyond what a workspace can send (Slack itself rate-limits); the work
 * queue grows by thousands. Shows that acknowledgements stay well inside Slack's 3 s.</li>
 * </ul>
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/bench-slack/signoff-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
        "signoff.pipelines=src/test/resources/slack/pipelines.yaml",
        "signoff.slack.bot-token=" + SlackApiStub.BOT_TOKEN,
        "signoff.slack.signing-secret=" + SlackApiStub.SIGNING_SECRET,
        "logging.level.dev.signoff=WARN", "logging.level.com.slack=WARN"})
@Import(TestAdapters.class)
@DisplayName("Slack acknowledgement latency")
class SlackAckBenchmark {
    static final int SENDERS = 64;
    static final int WARMUP_BURSTS = 150;
    static final int BURSTS = 100;
    static final int OVERLOAD_PER_SENDER = 50;
    static final int ALONE = 400;
    static final String ANSWERS = "/response/bench";
    static final String EPHEMERALS = "/api/chat.postEphemeral";

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry properties) {
        properties.add("signoff.slack.api-url", SlackApiStub::apiUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    @Autowired
    Promotions promotions;

    private String commandBody;
    private String clickBody;
    private SlackSender sender;

    @Test
    @DisplayName("64 concurrent senders: slash commands and button clicks")
    void ackLatency() throws Exception {
        sender = new SlackSender(port, SlackApiStub.SIGNING_SECRET);
        prepareBodies();
        List<String> report = new ArrayList<>();
        report.add("Slack ack latency, " + SENDERS + " concurrent senders (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + Runtime.version() + ")");

        bursts(WARMUP_BURSTS);
        double load = load();
        long[][] alone = alone(ALONE);
        report.add(String.format("one sender, one request at a time (load average %.1f):", load));
        report.add(line("  slash commands", alone[0]));
        report.add(line("  button clicks", alone[1]));

        load = load();
        Map<String, Long> cpu0 = cpuByRole();
        long t0 = System.nanoTime();
        long[][] burst = bursts(BURSTS);
        Duration burstTime = Duration.ofNanos(System.nanoTime() - t0);
        report.add(String.format("burst: %d × 64 at once, the next when all is answered (%.1f s; load average %.1f → %.1f)",
                BURSTS, burstTime.toMillis() / 1000.0, load, load()));
        report.add(line("  slash commands", burst[0]));
        report.add(line("  button clicks", burst[1]));
        report.add(line("  all", concat(burst[0], burst[1])));
        report.add(slowest(burst));
        report.add("  CPU µs per request: " + cpu(cpu0, cpuByRole(), BURSTS * SENDERS));

        load = load();
        cpu0 = cpuByRole();
        int answered = SlackApiStub.served(ANSWERS) + SlackApiStub.served(EPHEMERALS);
        t0 = System.nanoTime();
        long[][] overload = overload(OVERLOAD_PER_SENDER);
        Duration sending = Duration.ofNanos(System.nanoTime() - t0);
        int requests = SENDERS * OVERLOAD_PER_SENDER;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> SlackApiStub.served(ANSWERS) + SlackApiStub.served(EPHEMERALS) - answered >= requests);
        SlackApiStub.server().resetRequests();
        Duration drained = Duration.ofNanos(System.nanoTime() - t0);
        report.add(String.format("overload: each sender sends again as soon as acknowledged, %d requests in %.1f s (%.0f/s); "
                        + "the last answer went out after %.1f s (load average %.1f → %.1f)", requests, sending.toMillis() / 1000.0,
                requests / (sending.toNanos() / 1e9), drained.toMillis() / 1000.0, load, load()));
        report.add(line("  slash commands", overload[0]));
        report.add(line("  button clicks", overload[1]));
        report.add(line("  all", concat(overload[0], overload[1])));
        report.add("  CPU µs per request: " + cpu(cpu0, cpuByRole(), requests));

        String text = String.join("\n", report);
        System.out.println("\n" + text + "\n");
        Files.writeString(Path.of("target", "bench-slack.txt"), text + "\n");
    }

    /** {@code rounds} bursts; latencies in ns: [commands, clicks]. */
    private long[][] bursts(int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        CyclicBarrier together = new CyclicBarrier(SENDERS);
        long[] commands = new long[rounds * SENDERS / 2];
        long[] clicks = new long[rounds * SENDERS / 2];
        try {
            for (int round = 0; round < rounds; round++) {
                int answered = SlackApiStub.served(ANSWERS) + SlackApiStub.served(EPHEMERALS);
                List<Future<Long>> acks = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    boolean command = s % 2 == 0;
                    acks.add(pool.submit(() -> {
                        together.await();
                        return timed(command);
                    }));
                }
                for (int s = 0; s < SENDERS; s++) {
                    (s % 2 == 0 ? commands : clicks)[round * SENDERS / 2 + s / 2] = acks.get(s).get(1, TimeUnit.MINUTES);
                }
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                        .until(() -> SlackApiStub.served(ANSWERS) + SlackApiStub.served(EPHEMERALS) - answered >= SENDERS);
                SlackApiStub.server().resetRequests(); // the fake Slack keeps no history here: it counts

            }
        } finally {
            pool.shutdown();
        }
        return new long[][]{commands, clicks};
    }

    /** One sender, each request after the last one's answer went out: the acknowledgement's own time. */
    private long[][] alone(int requests) {
        long[] commands = new long[requests / 2];
        long[] clicks = new long[requests / 2];
        for (int i = 0; i < requests; i++) {
            int answered = SlackApiStub.served(ANSWERS) + SlackApiStub.served(EPHEMERALS);
            boolean command = i % 2 == 0;
            (command ? commands : clicks)[i / 2] = timed(command);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2))
                    .until(() -> SlackApiStub.served(ANSWERS) + SlackApiStub.served(EPHEMERALS) > answered);
        }
        SlackApiStub.server().resetRequests();
        return new long[][]{commands, clicks};
    }

    /** Closed loop: each sender alternates command and click, {@code perSender} in all. */
    private long[][] overload(int perSender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        CyclicBarrier together = new CyclicBarrier(SENDERS);
        List<Future<long[][]>> results = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            results.add(pool.submit(() -> {
                together.await();
                long[] commands = new long[perSender / 2];
                long[] clicks = new long[perSender / 2];
                for (int i = 0; i < perSender; i++) {
                    boolean command = i % 2 == 0;
                    (command ? commands : clicks)[i / 2] = timed(command);
                }
                return new long[][]{commands, clicks};
            }));
        }
        List<long[]> commands = new ArrayList<>();
        List<long[]> clicks = new ArrayList<>();
        for (Future<long[][]> f : results) {
            long[][] r = f.get(10, TimeUnit.MINUTES);
            commands.add(r[0]);
            clicks.add(r[1]);
        }
        pool.shutdown();
        return new long[][]{concat(commands.toArray(long[][]::new)), concat(clicks.toArray(long[][]::new))};
    }

    /** One signed request; the time from sending to the acknowledgement, in ns. */
    private long timed(boolean command) {
        long t0 = System.nanoTime();
        int status = sender.send(command ? commandBody : clickBody).statusCode();
        long t = System.nanoTime() - t0;
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
        return t;
    }

    /**
     * A real waiting card; the click is on its Approve button, by carol (not an approver of prod,
     * so every click is a refusal answered privately), and carries the card's blocks as Slack does.
     */
    private void prepareBodies() {
        registry.push("sandbox/shop:bench", Digest.sha256Of("bench"));
        PromotionRequest dev = promotions.promote("alice", "shop", "bench", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(dev.id()).orElseThrow().status().isTerminal());
        promotions.promote("alice", "shop", null, "prod");
        Map<String, String> post = await().atMost(Duration.ofSeconds(30)).until(() -> SlackApiStub.calls("chat.postMessage").stream()
                .filter(m -> m.get("text").startsWith("Promote shop to prod: Waiting")).findFirst(), Optional::isPresent).get();
        JsonNode blocks = SlackPayloads.JSON.readTree(post.get("blocks"));
        String token = null;
        for (JsonNode block : blocks) {
            if (block.get("type").asString().equals("actions")) {
                token = block.get("elements").get(0).get("value").asString();
            }
        }
        commandBody = SlackPayloads.command(SlackFlowTest.CAROL, SlackFlowTest.CHANNEL, "status shop", SlackApiStub.apiUrl()
                .replace("/api/", ANSWERS));
        clickBody = SlackPayloads.click(SlackFlowTest.CAROL, SlackFlowTest.CHANNEL, post.get("ts_returned"), "approve", token,
                SlackApiStub.responseUrl("bench-click"), blocks);
    }

    /**
     * CPU time of this JVM's threads by role: the acknowledgement path (Tomcat's request
     * threads), Signoff's work after the ack, the fake Slack (WireMock's Jetty threads) and the
     * senders (their pool and the JDK HTTP client).
     */
    private static Map<String, Long> cpuByRole() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String role = name.startsWith("http-nio") ? "ack"
                    : name.startsWith("slack-work") || name.startsWith("card-updater") || name.startsWith("promotion")
                    || name.startsWith("OkHttp") || name.startsWith("ForkJoinPool") ? "work"
                    : name.startsWith("qtp") ? "fake-slack"
                    : name.startsWith("pool-") || name.startsWith("HttpClient") ? "senders" : "other";
            cpu.merge(role, Math.max(0, threads.getThreadCpuTime(info.getThreadId())), Long::sum);
        }
        return cpu;
    }

    private static String cpu(Map<String, Long> before, Map<String, Long> after, int requests) {
        StringBuilder sb = new StringBuilder();
        for (String role : List.of("ack", "work", "fake-slack", "senders")) {
            long used = after.getOrDefault(role, 0L) - before.getOrDefault(role, 0L);
            sb.append(sb.isEmpty() ? "" : ", ").append(role).append(" ").append(used / 1000 / requests);
        }
        return sb.toString();
    }

    /**
     * How the slowest acknowledgement of each burst spreads: the p99 over all requests is set by
     * the few bursts that something (a collection, the JIT, another process) held up.
     */
    private static String slowest(long[][] burst) {
        long[] last = new long[BURSTS];
        int half = SENDERS / 2;
        for (int round = 0; round < BURSTS; round++) {
            for (int i = round * half; i < (round + 1) * half; i++) {
                last[round] = Math.max(last[round], Math.max(burst[0][i], burst[1][i]));
            }
        }
        Arrays.sort(last);
        long over = Arrays.stream(last).filter(t -> t > 50_000_000L).count();
        return String.format("  the last acknowledgement of a burst: median %.1f ms, slowest %.1f, %.1f, %.1f ms; %d of %d bursts over 50 ms",
                percentile(last, 50) / 1e6, last[BURSTS - 1] / 1e6, last[BURSTS - 2] / 1e6, last[BURSTS - 3] / 1e6, over, BURSTS);
    }

    /** The machine's 1-minute load average: figures from a busy machine say so. */
    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%-17s n=%5d  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms", what, sorted.length,
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long[] concat(long[]... arrays) {
        return Arrays.stream(arrays).flatMapToLong(Arrays::stream).toArray();
    }
}
