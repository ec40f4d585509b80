package dev.signoff.promotion.spi;

import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;

import java.util.Optional;

/** Builds reported by CI, the evidence behind the {@code ci: passed} gate. */
public interface Builds {
    void record(Build build);

    Optional<Build> latestFor(String app, Digest digest);
}
