package dev.signoff.analysis;

/** What one instant query gave: one number, an answer without one, or no answer. */
sealed interface Reading {

    /** The query's single sample or scalar. */
    record Value(double value) implements Reading {
    }

    /** Prometheus answered, but not with one number ("no sample", "NaN", "3 series"): inconclusive, asking again now will not help. */
    record NoValue(String why) implements Reading {
    }

    /** No answer: unreachable, an HTTP error or Prometheus's own error, quoted; asking again may help. */
    record Unavailable(String error) implements Reading {
    }
}
