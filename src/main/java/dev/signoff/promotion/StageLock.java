package dev.signoff.promotion;

import java.time.Instant;

/** A person's lock on a stage: no promotion starts or runs there until it is unlocked. */
public record StageLock(String app, String stage, String holder, String reason, Instant since) {
}
