package dev.signoff.analysis;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.AnalysisQuery;
import dev.signoff.promotion.MonitoringConfig;
import dev.signoff.promotion.spi.MetricsCheck;
import dev.signoff.promotion.spi.MetricsCheck.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A check against a real Prometheus")
class PrometheusCheckTest {
    @RegisterExtension
    static final LocalPrometheus prometheus = new LocalPrometheus();
    private static final AtomicInteger WORKLOADS = new AtomicInteger();

    private final PrometheusCheck check = new PrometheusCheck();
    private final List<MetricsCheck.Measurement> measured = new CopyOnWriteArrayList<>();
    private String workload;

    @BeforeEach
    void newWorkload() {
        workload = "w" + WORKLOADS.incrementAndGet();
    }

    private MonitoringConfig server() {
        return new MonitoringConfig("prom", URI.create(prometheus.url()), null);
    }

    /** Two rounds, a second apart, of one query of this test's workload. */
    private static Analysis analysis(AnalysisQuery... queries) {
        return new Analysis("prom", Duration.ofSeconds(1), 2, List.of(queries));
    }

    private AnalysisQuery errorRate(Double max, Double min, int failureLimit) {
        return new AnalysisQuery("error-rate", "app_error_ratio{workload=\"" + workload + "\"}", max, min, failureLimit);
    }

    /** Sets the workload's error ratio and waits until Prometheus has scraped it. */
    private void errorRatio(double value) {
        prometheus.target.set("app_error_ratio", value, "workload", workload);
        prometheus.awaitAnswer("app_error_ratio{workload=\"" + workload + "\"}", "\"" + formatted(value) + "\"");
    }

    private static String formatted(double value) {
        return Double.isNaN(value) ? "NaN" : new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    @Test
    @DisplayName("passes when every measurement keeps its limit, reporting each as it comes")
    void passes() {
        errorRatio(0.002);

        var result = check.check(server(), analysis(errorRate(0.01, null, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(measured).extracting(MetricsCheck.Measurement::describe)
                .containsExactly("error-rate 0.002 ≤ 0.01 ✓ 1 of 2", "error-rate 0.002 ≤ 0.01 ✓ 2 of 2");
        assertThat(result.describe()).isEqualTo("error-rate measured 0.002, 0.002 (limit ≤ 0.01)");
    }

    @Test
    @DisplayName("fails at the first measurement over max when no failure is tolerated, without waiting for the rest")
    void failsAtOnce() {
        errorRatio(0.2);

        var result = check.check(server(), analysis(errorRate(0.01, null, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(measured).extracting(MetricsCheck.Measurement::describe).containsExactly("error-rate 0.2 > 0.01 ✗ 1 of 2");
        assertThat(result.describe()).isEqualTo("error-rate measured 0.2 (limit ≤ 0.01)");
    }

    @Test
    @DisplayName("tolerates failureLimit failed measurements, and fails at the one after")
    void failureLimit() {
        errorRatio(0.2);

        var tolerant = check.check(server(), analysis(errorRate(0.01, null, 2)), measured::add);
        var strict = check.check(server(), analysis(errorRate(0.01, null, 1)), m -> { });

        assertThat(tolerant.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(strict.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(strict.describe()).isEqualTo("error-rate measured 0.2, 0.2 (limit ≤ 0.01, 1 failure tolerated)");
    }

    @Test
    @DisplayName("fails a measurement under min")
    void floor() {
        errorRatio(3);

        var result = check.check(server(), analysis(errorRate(null, 5.0, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(measured.getFirst().describe()).isEqualTo("error-rate 3 < 5 ✗ 1 of 2");
    }

    @Test
    @DisplayName("is inconclusive, not passed, when the query returns no sample")
    void noSample() {
        var result = check.check(server(), analysis(errorRate(0.01, null, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(measured).extracting(MetricsCheck.Measurement::describe)
                .containsExactly("error-rate no sample ? 1 of 2", "error-rate no sample ? 2 of 2");
        assertThat(result.describe()).isEqualTo("error-rate measured —, — (limit ≤ 0.01): no sample");
    }

    @Test
    @DisplayName("is inconclusive when the query returns NaN or several series")
    void notOneNumber() {
        errorRatio(Double.NaN);
        prometheus.target.set("app_error_ratio", 0.001, "workload", workload, "pod", "a");
        prometheus.awaitAnswer("count(app_error_ratio{workload=\"" + workload + "\"})", "\"2\"");

        var nan = check.check(server(), analysis(new AnalysisQuery("nan", "app_error_ratio{workload=\"" + workload + "\",pod=\"\"}", 1.0, null, 0)), m -> { });
        var several = check.check(server(), analysis(errorRate(0.01, null, 0)), m -> { });

        assertThat(nan.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(nan.queries().getFirst().problem()).isEqualTo("NaN");
        assertThat(several.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(several.queries().getFirst().problem()).isEqualTo("2 series, not one");
    }

    @Test
    @DisplayName("reads a scalar as well as an instant vector")
    void scalar() {
        errorRatio(0.004);

        var result = check.check(server(), analysis(new AnalysisQuery("error-rate", "scalar(app_error_ratio{workload=\"" + workload + "\"})", 0.01, null, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(measured.getFirst().value()).isEqualTo(0.004);
    }

    @Test
    @DisplayName("when Prometheus is down, retries within each interval and ends inconclusive after count rounds, quoting the error")
    void prometheusDown() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        MonitoringConfig down = new MonitoringConfig("prom", URI.create("http://127.0.0.1:" + closed), null);

        var result = check.check(down, analysis(errorRate(0.01, null, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(measured).hasSize(2);
        assertThat(result.queries().getFirst().problem())
                .startsWith("prometheus prom (http://127.0.0.1:" + closed + ") is unreachable: could not connect");
    }

    @Test
    @DisplayName("when Prometheus answers an error, is inconclusive and quotes it")
    void prometheusError() {
        var result = check.check(server(), analysis(new AnalysisQuery("broken", "sum(app_error_ratio", 0.01, null, 0)), measured::add);

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.queries().getFirst().problem()).startsWith("prometheus prom (" + prometheus.url() + ") answered HTTP 400 (bad_data): \"")
                .contains("parse error");
    }

    @Test
    @DisplayName("waits about an interval between rounds: count 2 at 1s takes one second, not two")
    void timing() {
        errorRatio(0.001);
        long start = System.nanoTime();

        check.check(server(), analysis(errorRate(0.01, null, 0)), measured::add);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1900));
    }

    @Test
    @DisplayName("retries a quarter of the interval apart, within 200 ms and 5 s")
    void retryDelay() {
        assertThat(PrometheusCheck.retryDelay(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(PrometheusCheck.retryDelay(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(200));
        assertThat(PrometheusCheck.retryDelay(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(5));
    }
}
