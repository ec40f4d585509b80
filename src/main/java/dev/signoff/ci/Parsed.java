package dev.signoff.ci;

import java.util.List;

/** What a source made of a request: the notifications to act on, or why there is nothing to do. */
record Parsed(List<Notification> notifications, String ignoredBecause) {
    Parsed {
        notifications = List.copyOf(notifications);
    }

    static Parsed of(List<Notification> notifications, String otherwise) {
        return notifications.isEmpty() ? ignored(otherwise) : new Parsed(notifications, null);
    }

    static Parsed of(Notification notification) {
        return new Parsed(List.of(notification), null);
    }

    static Parsed ignored(String reason) {
        return new Parsed(List.of(), reason);
    }

    boolean isIgnored() {
        return notifications.isEmpty();
    }
}
