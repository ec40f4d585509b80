package dev.signoff.promotion.spi;

import java.time.Duration;

/**
 * Leadership of singleton jobs across replicas: one process at a time leads a job, for a term
 * it renews by asking again; a leader that stops asking loses the job when its term runs out.
 */
public interface Leadership {

    /** Takes or renews the lead of {@code job} for {@code term}; false when another process leads it. */
    boolean lead(String job, Duration term);
}
