package dev.signoff.chat;

import java.util.Set;

/**
 * One chat platform's own groups of users (Slack user groups), for approver groups linked to
 * them in pipelines.yaml. Implemented by a platform adapter; the chat core finds it by
 * {@link #platform()}. Called from the threads that handle clicks, several at once.
 */
public interface ChatGroups {

    /** The platform's name as used in pipelines.yaml: slack. */
    String platform();

    /**
     * The user ids in the group, as the platform knows them now or as last read.
     *
     * @throws Unreadable when the group cannot be read and nothing is known of it
     */
    Set<String> members(String groupId);

    /** The group named for people, in a sentence: "the Slack user group S0RELEASE". */
    default String describe(String groupId) {
        return "the " + platform() + " group " + groupId;
    }

    /** The group could not be read; the message says why, for the person voting, and holds no secret. */
    final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
