package dev.signoff.testing;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.MonitoringConfig;
import dev.signoff.promotion.spi.MetricsCheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Metrics whose values the test queues, one per measurement in the order they are made (rounds,
 * then queries); null is "no sample". Without queued values every measurement passes with 0.
 * Each check is judged the way the Prometheus adapter judges it, without waiting between rounds.
 */
public class FakeMetrics implements MetricsCheck {
    private final Deque<Double> values = new ArrayDeque<>();
    /** Every check asked for, with its queries resolved. */
    public final List<Analysis> checks = new ArrayList<>();

    public synchronized FakeMetrics then(Double... next) {
        values.addAll(java.util.Arrays.asList(next));
        return this;
    }

    @Override
    public Result check(MonitoringConfig server, Analysis analysis, Observer observer) {
        synchronized (this) {
            checks.add(analysis);
        }
        List<QueryResult> results = new ArrayList<>();
        List<List<Double>> seen = new ArrayList<>();
        int[] failed = new int[analysis.queries().size()];
        String[] problem = new String[analysis.queries().size()];
        analysis.queries().forEach(q -> seen.add(new ArrayList<>()));
        for (int round = 1; round <= analysis.count(); round++) {
            for (int i = 0; i < analysis.queries().size(); i++) {
                var q = analysis.queries().get(i);
                Double v;
                synchronized (this) {
                    v = values.isEmpty() ? Double.valueOf(0) : values.poll();
                }
                Verdict verdict = v == null ? Verdict.INCONCLUSIVE : q.accepts(v) ? Verdict.PASSED : Verdict.FAILED;
                failed[i] += verdict == Verdict.FAILED ? 1 : 0;
                problem[i] = v == null ? "no sample" : problem[i];
                seen.get(i).add(v);
                observer.measured(new Measurement(q, round, analysis.count(), v, v == null ? "no sample" : null, verdict));
            }
            boolean decided = false;
            for (int i = 0; i < failed.length; i++) {
                decided |= failed[i] > analysis.queries().get(i).failureLimit();
            }
            if (decided) {
                break;
            }
        }
        for (int i = 0; i < analysis.queries().size(); i++) {
            var q = analysis.queries().get(i);
            Verdict verdict = failed[i] > q.failureLimit() ? Verdict.FAILED : problem[i] != null ? Verdict.INCONCLUSIVE : Verdict.PASSED;
            results.add(new QueryResult(q, seen.get(i), failed[i], verdict == Verdict.FAILED ? null : problem[i], verdict));
        }
        Verdict verdict = results.stream().anyMatch(r -> r.verdict() == Verdict.FAILED) ? Verdict.FAILED
                : results.stream().anyMatch(r -> r.verdict() == Verdict.INCONCLUSIVE) ? Verdict.INCONCLUSIVE : Verdict.PASSED;
        return new Result(verdict, results);
    }
}
