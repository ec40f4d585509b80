package dev.signoff.chat;

import dev.signoff.promotion.Ids;
import dev.signoff.promotion.spi.GroupDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The core's {@link GroupDirectory}, answered by the platform adapters' {@link ChatGroups}, found
 * by platform. A platform without one (Discord, the console, Slack when it is off) has no
 * directory, and the core then counts only the members a group lists.
 */
@Component
class PlatformGroups implements GroupDirectory {
    private static final Logger log = LoggerFactory.getLogger(PlatformGroups.class);

    private final Map<String, ChatGroups> byPlatform;

    /** {@code groups} is empty when no platform adapter has groups. */
    PlatformGroups(List<ChatGroups> groups) {
        this.byPlatform = groups.stream().collect(Collectors.toUnmodifiableMap(ChatGroups::platform, Function.identity()));
    }

    @Override
    public Optional<Set<String>> members(String platform, String groupId) throws Unreadable {
        ChatGroups groups = byPlatform.get(platform);
        if (groups == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Set.copyOf(groups.members(groupId)));
        } catch (ChatGroups.Unreadable e) {
            throw new Unreadable(groups.describe(groupId), e.getMessage());
        } catch (RuntimeException e) {
            String ref = Ids.errorReference();
            log.error("reading {} failed (ref {})", groups.describe(groupId), ref, e);
            throw new Unreadable(groups.describe(groupId), "something went wrong, ref " + ref);
        }
    }
}
