package dev.signoff.promotion;

import dev.signoff.promotion.spi.GroupDirectory;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chat platform groups in memory: {@code slack} knows the groups put here, and a group marked
 * unreadable fails like a platform that cannot be reached. Other platforms have no directory.
 */
class FakeGroupDirectory implements GroupDirectory {
    private final Map<String, Set<String>> slackGroups = new ConcurrentHashMap<>();
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();

    void slackGroup(String groupId, String... userIds) {
        slackGroups.put(groupId, Set.of(userIds));
        unreadable.remove(groupId);
    }

    /** Reads of the group fail with {@code reason} until it is put again. */
    void unreadable(String groupId, String reason) {
        unreadable.put(groupId, reason);
    }

    @Override
    public Optional<Set<String>> members(String platform, String groupId) throws Unreadable {
        if (!platform.equals("slack")) {
            return Optional.empty();
        }
        String reason = unreadable.get(groupId);
        if (reason != null) {
            throw new Unreadable("the Slack user group " + groupId, reason);
        }
        return Optional.of(slackGroups.getOrDefault(groupId, Set.of()));
    }
}
