package dev.signoff.promotion.spi;

import dev.signoff.promotion.DeployTarget;

/** Takes an app out of a stage: scales its workload to zero and removes its Service/Ingress exposure. */
public interface Decommissioner {
    /** Returns a one-line summary of what was removed, for the card. */
    String decommission(DeployTarget target, ProgressListener progress);
}
