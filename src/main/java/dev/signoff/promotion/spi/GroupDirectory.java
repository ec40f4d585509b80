package dev.signoff.promotion.spi;

import java.util.Optional;
import java.util.Set;

/**
 * Who is in a chat platform's own group (a Slack user group), for approver groups linked to one.
 * May block on the platform's API; implementations cache as the platform's limits require.
 */
public interface GroupDirectory {
    /** No platform has groups: only the members listed in pipelines.yaml count. */
    GroupDirectory NONE = (platform, groupId) -> Optional.empty();

    /**
     * The platform user ids in the group ({@code U…} ids for Slack), or empty when there is no
     * directory for that platform (it is not configured, or has no groups).
     *
     * @throws Unreadable when there is one but it cannot say now
     */
    Optional<Set<String>> members(String platform, String groupId) throws Unreadable;

    /**
     * The directory could not be read. {@code group} names it for people ("the Slack user group
     * S0RELEASE"), {@code reason} says what went wrong; neither carries a secret.
     */
    final class Unreadable extends Exception {
        private final String group;
        private final String reason;

        public Unreadable(String group, String reason) {
            super(group + ": " + reason, null, false, false);
            this.group = group;
            this.reason = reason;
        }

        public String group() {
            return group;
        }

        public String reason() {
            return reason;
        }
    }
}
