package dev.signoff.promotion.events;

/**
 * A forge's signed hook says a pull request (GitHub) or merge request (GitLab, {@code number} is
 * its iid) of the project at {@code project} (like acme/deploy) was closed, merged or not. Published
 * by the CI module; a step waiting for that request asks the forge at once instead of at its next poll.
 */
public record PullRequestClosed(String project, long number, boolean merged) {
}
