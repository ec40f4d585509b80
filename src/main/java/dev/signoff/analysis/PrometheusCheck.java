package dev.signoff.analysis;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.AnalysisQuery;
import dev.signoff.promotion.MonitoringConfig;
import dev.signoff.promotion.spi.MetricsCheck;
import org.springframework.stereotype.Component;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One check of a stage's analysis against Prometheus: {@code count} rounds, {@code interval}
 * apart, each asking every query once. A query Prometheus does not answer is asked again until the
 * round's interval is over ({@link #retryDelay}); a round without an answer is an inconclusive
 * measurement that quotes the error. The check fails as soon as a query has more failed
 * measurements than its {@code failureLimit} (waiting longer cannot save it); otherwise it is
 * inconclusive when any measurement was, and passes only when every measurement was a number
 * within its limit.
 */
@Component
class PrometheusCheck implements MetricsCheck {
    /** Asking again sooner would not let Prometheus recover; later would waste the interval. */
    private static final Duration MIN_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final Duration MAX_QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final PrometheusApi api;

    PrometheusCheck() {
        this(new PrometheusApi(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), System.getenv()));
    }

    PrometheusCheck(PrometheusApi api) {
        this.api = api;
    }

    @Override
    public Result check(MonitoringConfig server, Analysis analysis, Observer observer) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        analysis.queries().forEach(q -> tallies.put(q.name(), new Tally(q)));
        try {
            for (int round = 1; round <= analysis.count(); round++) {
                long roundEnd = System.nanoTime() + analysis.interval().toNanos();
                for (AnalysisQuery query : analysis.queries()) {
                    Measurement m = measure(server, query, round, analysis.count(), roundEnd, analysis.interval());
                    tallies.get(query.name()).add(m);
                    observer.measured(m);
                }
                if (tallies.values().stream().anyMatch(t -> t.verdict() == Verdict.FAILED)) {
                    break;
                }
                if (round < analysis.count()) {
                    sleepUntil(roundEnd);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tallies.values().forEach(t -> t.interrupted());
        }
        List<QueryResult> results = tallies.values().stream().map(Tally::result).toList();
        Verdict verdict = results.stream().anyMatch(r -> r.verdict() == Verdict.FAILED) ? Verdict.FAILED
                : results.stream().anyMatch(r -> r.verdict() == Verdict.INCONCLUSIVE) ? Verdict.INCONCLUSIVE
                : Verdict.PASSED;
        return new Result(verdict, results);
    }

    private Measurement measure(MonitoringConfig server, AnalysisQuery query, int round, int count, long roundEnd, Duration interval)
            throws InterruptedException {
        Duration timeout = interval.compareTo(MAX_QUERY_TIMEOUT) < 0 ? interval : MAX_QUERY_TIMEOUT;
        while (true) {
            Reading reading = api.query(server, query.query(), timeout);
            switch (reading) {
                case Reading.Value v -> {
                    return new Measurement(query, round, count, v.value(), null, query.accepts(v.value()) ? Verdict.PASSED : Verdict.FAILED);
                }
                case Reading.NoValue none -> {
                    return new Measurement(query, round, count, null, none.why(), Verdict.INCONCLUSIVE);
                }
                case Reading.Unavailable down -> {
                    long retryAt = System.nanoTime() + retryDelay(interval).toNanos();
                    if (retryAt >= roundEnd) {
                        return new Measurement(query, round, count, null, down.error(), Verdict.INCONCLUSIVE);
                    }
                    sleepUntil(retryAt);
                }
            }
        }
    }

    /** A quarter of the interval, within {@link #MIN_RETRY} and {@link #MAX_RETRY}. */
    static Duration retryDelay(Duration interval) {
        Duration quarter = interval.dividedBy(4);
        return quarter.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : quarter.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : quarter;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    /** One query's measurements so far. */
    private static final class Tally {
        private final AnalysisQuery query;
        private final List<Double> values = new ArrayList<>();
        private int failed;
        private String problem;

        Tally(AnalysisQuery query) {
            this.query = query;
        }

        void add(Measurement m) {
            values.add(m.value());
            if (m.verdict() == Verdict.FAILED) {
                failed++;
            } else if (m.verdict() == Verdict.INCONCLUSIVE) {
                problem = m.problem();
            }
        }

        void interrupted() {
            if (problem == null) {
                problem = "Signoff stopped while measuring";
            }
        }

        Verdict verdict() {
            return failed > query.failureLimit() ? Verdict.FAILED : problem != null ? Verdict.INCONCLUSIVE : Verdict.PASSED;
        }

        QueryResult result() {
            return new QueryResult(query, values, failed, verdict() == Verdict.FAILED ? null : problem, verdict());
        }
    }
}
