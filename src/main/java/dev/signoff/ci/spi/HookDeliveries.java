package dev.signoff.ci.spi;

import java.time.Instant;
import java.util.List;

/** The deliveries taken in, one row per (source, delivery id), so that a replay is recognised. */
public interface HookDeliveries {

    /**
     * Stores the delivery unless one with the same source and id is already stored. Returns true
     * when this call stored it: exactly one of any number of concurrent calls for the same
     * (source, id), in this process or another (the primary key decides).
     */
    boolean claim(HookDelivery delivery);

    /** Notes how the work on a delivery ended, e.g. "promoting to dev" or "image not found". */
    void finish(String source, String deliveryId, String outcome, Instant at);

    /** Deliveries whose work was taken on before {@code takenBefore} and never finished (their process stopped). */
    List<HookDelivery> unfinished(Instant takenBefore);

    /**
     * Takes on the unfinished work of a delivery again, as of {@code now}; false when it is
     * finished or another process took it on after {@code takenBefore} (exactly one retries).
     */
    boolean retake(String source, String deliveryId, Instant takenBefore, Instant now);
}
