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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Not a test: how fast /slack/events acknowledges slash commands and button clicks when 64
 * senders post signed requests at once, each as fast as it gets its answers (closed loop). The
 * Web API and response_url are WireMock in the same JVM; the work after each acknowledgement
 * (database, answers to WireMock) runs at the same time on the same cores, as it would in
 * production. Run: {@code ./mvnw -B test -P bench-slack}. Prints p50, p99 and max per kind.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:slack-bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/slack/pipelines.yaml",
        "signoff.slack.bot-token=" + SlackApiStub.BOT_TOKEN,
        "signoff.slack.signing-secret=" + SlackApiStub.SIGNING_SECRET,
        "logging.level.dev.signoff=WARN", "logging.level.com.slack=WARN"})
@Import(TestAdapters.class)
@DisplayName("Slack acknowledgement latency")
class SlackAckBenchmark {
    static final int SENDERS = 64;
    static final int WARMUP_PER_SENDER = 20;
    static final int PER_SENDER = 100;

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

    @Test
    @DisplayName("64 concurrent senders: slash commands and button clicks")
    void ackLatency() throws Exception {
        String token = waitingCardToken();
        SlackSender sender = new SlackSender(port, SlackApiStub.SIGNING_SECRET);

        run(sender, token, WARMUP_PER_SENDER);
        awaitWorkDone();
        int responsesBefore = SlackApiStub.responses("bench").size();
        int ephemeralsBefore = SlackApiStub.calls("chat.postEphemeral").size();

        double loadBefore = load();
        long started = System.nanoTime();
        long[][] measured = run(sender, token, PER_SENDER);
        Duration sending = Duration.ofNanos(System.nanoTime() - started);
        int expected = SENDERS * PER_SENDER / 2;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                SlackApiStub.responses("bench").size() - responsesBefore >= expected
                        && SlackApiStub.calls("chat.postEphemeral").size() - ephemeralsBefore >= expected);
        Duration allAnswered = Duration.ofNanos(System.nanoTime() - started);

        String report = String.join("\n",
                "Slack ack latency, " + SENDERS + " concurrent senders, " + SENDERS * PER_SENDER + " signed requests after "
                        + SENDERS * WARMUP_PER_SENDER + " warm-up (" + Runtime.getRuntime().availableProcessors() + " cores, "
                        + System.getProperty("java.vm.name") + " " + Runtime.version() + "; load average "
                        + String.format("%.1f before, %.1f after", loadBefore, load()) + ")",
                line("slash commands", measured[0]),
                line("button clicks", measured[1]),
                line("all", concat(measured[0], measured[1])),
                String.format("sent in %.1f s (%.0f requests/s); every answer delivered after %.1f s",
                        sending.toMillis() / 1000.0, SENDERS * PER_SENDER / (sending.toNanos() / 1e9), allAnswered.toMillis() / 1000.0));
        System.out.println("\n" + report + "\n");
        Files.writeString(Path.of("target", "bench-slack.txt"), report + "\n");
    }

    /** Each sender alternates a command and a click, {@code perSender} requests in all; latencies in ns: [commands, clicks]. */
    private long[][] run(SlackSender sender, String token, int perSender) throws Exception {
        String commandBody = SlackPayloads.command(SlackFlowTest.CAROL, SlackFlowTest.CHANNEL, "status shop", SlackApiStub.responseUrl("bench"));
        String clickBody = SlackPayloads.click(SlackFlowTest.CAROL, SlackFlowTest.CHANNEL, "1700000000.000100", "approve", token,
                SlackApiStub.responseUrl("bench-click"));
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[][]>> results = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            results.add(senders.submit(() -> {
                go.await();
                long[] commands = new long[perSender / 2];
                long[] clicks = new long[perSender / 2];
                for (int i = 0; i < perSender; i++) {
                    boolean command = i % 2 == 0;
                    long t0 = System.nanoTime();
                    int status = sender.send(command ? commandBody : clickBody).statusCode();
                    long t = System.nanoTime() - t0;
                    if (status != 200) {
                        throw new IllegalStateException("status " + status);
                    }
                    (command ? commands : clicks)[i / 2] = t;
                }
                return new long[][]{commands, clicks};
            }));
        }
        go.countDown();
        List<long[]> commands = new ArrayList<>();
        List<long[]> clicks = new ArrayList<>();
        for (Future<long[][]> f : results) {
            long[][] r = f.get(10, TimeUnit.MINUTES);
            commands.add(r[0]);
            clicks.add(r[1]);
        }
        senders.shutdown();
        return new long[][]{concat(commands.toArray(long[][]::new)), concat(clicks.toArray(long[][]::new))};
    }

    /** A real waiting card, so the clicks carry a real token (carol is no approver of prod: each click is a refusal). */
    private String waitingCardToken() {
        registry.push("sandbox/shop:bench", Digest.sha256Of("bench"));
        PromotionRequest dev = promotions.promote("alice", "shop", "bench", "dev");
        await().atMost(Duration.ofSeconds(30)).until(() -> promotions.find(dev.id()).orElseThrow().status().isTerminal());
        promotions.promote("alice", "shop", null, "prod");
        var post = await().atMost(Duration.ofSeconds(30)).until(() -> SlackApiStub.calls("chat.postMessage").stream()
                .filter(m -> m.get("text").startsWith("Promote shop to prod: Waiting")).findFirst(), java.util.Optional::isPresent).get();
        var blocks = SlackPayloads.JSON.readTree(post.get("blocks"));
        for (var block : blocks) {
            if (block.get("type").asString().equals("actions")) {
                return block.get("elements").get(0).get("value").asString();
            }
        }
        throw new AssertionError("no buttons on the card");
    }

    private void awaitWorkDone() {
        int expected = SENDERS * WARMUP_PER_SENDER / 2;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> SlackApiStub.responses("bench").size() >= expected);
    }

    /** The machine's 1-minute load average: figures from a busy machine say so. */
    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String line(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isNotEmpty();
        return String.format("%-15s n=%5d  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms", what, sorted.length,
                ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]));
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long[] concat(long[]... arrays) {
        return Arrays.stream(arrays).flatMapToLong(Arrays::stream).toArray();
    }

}
