package dev.signoff.gitops;

import dev.signoff.promotion.PullRequestLink;

/**
 * A pull request (GitHub) or merge request (GitLab) as its forge reports it: open, merged (with
 * the commit the merge put on the base branch) or closed without merging.
 */
record PullRequest(long number, PullRequestLink link, State state, String mergeCommit) {
    enum State { OPEN, MERGED, CLOSED }

    PullRequest {
        if (state == State.MERGED && (mergeCommit == null || mergeCommit.isBlank())) {
            throw new IllegalArgumentException(link.mention() + " is merged but its forge names no merge commit");
        }
    }
}
