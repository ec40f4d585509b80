package dev.signoff.promotion;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query of a stage's analysis: a PromQL expression that yields one number, and the limit a
 * measurement must keep ({@code max}, {@code min}, or both). {@code failureLimit} measurements
 * may break the limit before the check fails. The query may hold {@code {{digest}}},
 * {@code {{stage}}}, {@code {{namespace}}} and {@code {{canary}}}, filled in when it runs.
 */
public record AnalysisQuery(String name, String query, Double max, Double min, int failureLimit) {
    /** The placeholders a query may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("digest", "stage", "namespace", "canary");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_-]+)\\s*}}");

    public AnalysisQuery {
        Objects.requireNonNull(name, "a query has a name");
        Objects.requireNonNull(query, "a query has an expression");
        if (max == null && min == null) {
            throw new IllegalArgumentException("query " + name + " has neither max nor min");
        }
        if (failureLimit < 0) {
            throw new IllegalArgumentException("query " + name + " has a negative failureLimit");
        }
    }

    /** Whether a measured value keeps the limit. NaN keeps none (it is inconclusive before it gets here). */
    public boolean accepts(double value) {
        return (max == null || value <= max) && (min == null || value >= min);
    }

    /** "≤ 0.01", "≥ 10", "between 1 and 5". */
    public String limit() {
        if (max != null && min != null) {
            return "between " + Figures.format(min) + " and " + Figures.format(max);
        }
        return max != null ? "≤ " + Figures.format(max) : "≥ " + Figures.format(min);
    }

    /** How a value breaks the limit: "> 0.01", "< 10". */
    public String breach(double value) {
        return max != null && !(value <= max) ? "> " + Figures.format(max) : "< " + Figures.format(min);
    }

    /** The query with its placeholders filled in; a placeholder without a value is left as it is. */
    public AnalysisQuery resolve(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(query);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return new AnalysisQuery(name, out.toString(), max, min, failureLimit);
    }

    /** The placeholders in the query that are not among {@link #PLACEHOLDERS}. */
    public static Set<String> unknownPlaceholders(String query) {
        Set<String> unknown = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(query);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }

    /** Numbers as the card and the audit log write them: up to four significant digits, no exponent for everyday sizes. */
    public static final class Figures {
        private Figures() {
        }

        public static String format(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return Double.toString(value);
            }
            var decimal = new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros();
            return Math.abs(value) >= 1e-6 && Math.abs(value) < 1e9 || value == 0 ? decimal.toPlainString() : decimal.toString();
        }
    }
}
