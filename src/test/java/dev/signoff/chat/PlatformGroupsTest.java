package dev.signoff.chat;

import dev.signoff.promotion.spi.GroupDirectory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("Chat platform groups, as the core's group directory")
class PlatformGroupsTest {

    /** A platform whose groups are S0OK (one member), S0DOWN (cannot be read) and S0BUG (a bug in the adapter). */
    private static final ChatGroups SLACK = new ChatGroups() {
        @Override
        public String platform() {
            return "slack";
        }

        @Override
        public Set<String> members(String groupId) {
            return switch (groupId) {
                case "S0OK" -> Set.of("U01ALICE");
                case "S0DOWN" -> throw new Unreadable("Slack usergroups.users.list failed: 503");
                default -> throw new IllegalStateException("bug");
            };
        }

        @Override
        public String describe(String groupId) {
            return "the Slack user group " + groupId;
        }
    };

    private final PlatformGroups groups = new PlatformGroups(List.of(SLACK));

    @Test
    @DisplayName("asks the platform's adapter, and has no directory for a platform without one")
    void dispatchesByPlatform() throws GroupDirectory.Unreadable {
        assertThat(groups.members("slack", "S0OK")).contains(Set.of("U01ALICE"));
        assertThat(groups.members("discord", "S0OK")).isEmpty();
        assertThat(new PlatformGroups(List.of()).members("slack", "S0OK")).isEmpty();
    }

    @Test
    @DisplayName("a group the platform cannot read is reported with the group named and the platform's reason")
    void unreadable() {
        GroupDirectory.Unreadable e = catchThrowableOfType(GroupDirectory.Unreadable.class, () -> groups.members("slack", "S0DOWN"));

        assertThat(e.group()).isEqualTo("the Slack user group S0DOWN");
        assertThat(e.reason()).isEqualTo("Slack usergroups.users.list failed: 503");
    }

    @Test
    @DisplayName("an unexpected failure in the adapter is reported as unreadable with a log reference, not thrown on")
    void unexpected() {
        GroupDirectory.Unreadable e = catchThrowableOfType(GroupDirectory.Unreadable.class, () -> groups.members("slack", "S0BUG"));

        assertThat(e.reason()).matches("something went wrong, ref \\w{6}");
    }
}
