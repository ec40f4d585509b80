package dev.signoff.promotion.spi;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.AnalysisQuery;
import dev.signoff.promotion.MonitoringConfig;

import java.util.List;

/**
 * Judges a rollout by its metrics: one check of a stage's analysis is {@code count} rounds,
 * {@code interval} apart, of every query (placeholders already filled in). Blocks until the
 * verdict; every measurement is reported to the observer as it is made, on the calling thread.
 * A measurement that cannot be made (no sample, NaN, several series, the server unreachable or
 * answering an error) is inconclusive, never a pass.
 */
public interface MetricsCheck {

    Result check(MonitoringConfig server, Analysis analysis, Observer observer);

    @FunctionalInterface
    interface Observer {
        void measured(Measurement measurement);
    }

    enum Verdict {
        PASSED, FAILED, INCONCLUSIVE
    }

    /**
     * One measurement of one query in round {@code round} of {@code count}: the value, or why
     * there is none ({@code problem}); {@code verdict} is PASSED when the value keeps the limit.
     */
    record Measurement(AnalysisQuery query, int round, int count, Double value, String problem, Verdict verdict) {

        /** "error-rate 0.002 ≤ 0.01 ✓ 3 of 4", "error-rate 0.08 > 0.01 ✗ 1 of 4", "error-rate no sample ? 2 of 4". */
        public String describe() {
            String figure = switch (verdict) {
                case PASSED -> AnalysisQuery.Figures.format(value) + " " + query.limit() + " ✓";
                case FAILED -> AnalysisQuery.Figures.format(value) + " " + query.breach(value) + " ✗";
                case INCONCLUSIVE -> problem + " ?";
            };
            return query.name() + " " + figure + " " + round + " of " + count;
        }
    }

    /** How one query did over the check: its values in order and how many measurements failed or were inconclusive. */
    record QueryResult(AnalysisQuery query, List<Double> values, int failed, String problem, Verdict verdict) {
        public QueryResult {
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
        }

        /** "error-rate measured 0.08, 0.12 (limit ≤ 0.01, 1 failure tolerated)", or why it is inconclusive. */
        public String describe() {
            String measured = values.isEmpty() ? "no value"
                    : "measured " + String.join(", ", values.stream().map(v -> v == null ? "—" : AnalysisQuery.Figures.format(v)).toList());
            String limit = "limit " + query.limit() + (query.failureLimit() > 0 ? ", " + query.failureLimit() + " failure"
                    + (query.failureLimit() == 1 ? "" : "s") + " tolerated" : "");
            return query.name() + " " + measured + " (" + limit + ")" + (problem != null ? ": " + problem : "");
        }
    }

    /** The check's verdict, with how each query did. */
    record Result(Verdict verdict, List<QueryResult> queries) {
        public Result {
            queries = List.copyOf(queries);
        }

        /** The queries that decided the verdict, described; for a pass, all of them. */
        public String describe() {
            return String.join("; ", queries.stream().filter(q -> verdict == Verdict.PASSED || q.verdict() == verdict)
                    .map(QueryResult::describe).toList());
        }
    }
}
