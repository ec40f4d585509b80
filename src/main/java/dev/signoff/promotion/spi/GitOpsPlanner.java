package dev.signoff.promotion.spi;

import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Plan;

/** Reads what a GitOps stage's file names now, for the card's plan before anyone approves, and for {@code status}. */
public interface GitOpsPlanner {

    /**
     * What committing {@code image} would change: the image the file names now, the new one, and
     * a note with the file and the commit that last set it. Failures are {@link StepFailure}s
     * naming the repository, branch and file.
     */
    Plan plan(GitDeploy deploy, ImageRef image);

    /** What the file names at the head of the branch, and the commit that set it; never throws (a problem is in the answer). */
    AppStatus.RepositoryFile read(GitDeploy deploy);
}
