package dev.signoff.promotion;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A stage's {@code analysis:}: the metrics server to ask (a name under {@code monitoring:}), and a
 * check made of {@code count} rounds, {@code interval} apart, of every query. A check runs at each
 * canary step after its pause and once after the rollout.
 */
public record Analysis(String prometheus, Duration interval, int count, List<AnalysisQuery> queries) {
    public Analysis {
        queries = List.copyOf(queries);
        if (count < 1) {
            throw new IllegalArgumentException("an analysis makes at least one measurement per check");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("an analysis needs a positive interval");
        }
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("an analysis has at least one query");
        }
    }

    /** The same analysis with every query's placeholders filled in. */
    public Analysis resolve(Map<String, String> values) {
        return new Analysis(prometheus, interval, count, queries.stream().map(q -> q.resolve(values)).toList());
    }
}
