package dev.signoff.promotion.spi;

import dev.signoff.promotion.StageDeployment;

import java.util.List;
import java.util.Optional;

/** What runs in each stage, and since when: one row per successful promotion, rollback or sunset. */
public interface Deployments {
    void record(StageDeployment deployment);

    Optional<StageDeployment> current(String app, String stage);

    /** Newest first; {@code stage} may be null for all stages. */
    List<StageDeployment> history(String app, String stage, int limit);
}
