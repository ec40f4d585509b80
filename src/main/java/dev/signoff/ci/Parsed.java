package dev.signoff.ci;

import dev.signoff.promotion.events.PullRequestClosed;

import java.util.List;

/**
 * What a source made of a request: the notifications to act on, a pull or merge request that was
 * closed (for GitOps steps waiting for it), or why there is nothing to do.
 */
record Parsed(List<Notification> notifications, PullRequestClosed pullRequest, String ignoredBecause) {
    Parsed {
        notifications = List.copyOf(notifications);
    }

    static Parsed of(List<Notification> notifications, String otherwise) {
        return notifications.isEmpty() ? ignored(otherwise) : new Parsed(notifications, null, null);
    }

    static Parsed of(Notification notification) {
        return new Parsed(List.of(notification), null, null);
    }

    static Parsed closed(PullRequestClosed pullRequest) {
        return new Parsed(List.of(), pullRequest, null);
    }

    static Parsed ignored(String reason) {
        return new Parsed(List.of(), null, reason);
    }

    boolean isIgnored() {
        return notifications.isEmpty() && pullRequest == null;
    }
}
