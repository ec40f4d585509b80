package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.Group;
import dev.signoff.promotion.PipelineConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Groups: lists of people, and groups linked to a Slack user group")
class GroupRulesTest extends PipelinesFileTestSupport {

    /** Two people; the groups appended to it start on line 5. */
    private static final String PEOPLE = """
            people:
              alice: { slack: U01ALICE }
              bob: { slack: U02BOB }
            groups:
            """;

    private static final String APPS = """
            registries:
              sandbox: { host: localhost:5000 }
            apps:
              shop:
                stages:
                  - { name: dev, image: sandbox/shop:dev, approval: none }
            """;

    @Test
    @DisplayName("A group is a list of people, or a mapping with members, a Slack user group, or both")
    void bothForms() {
        PipelineConfig config = load(PEOPLE + """
                  qa: [alice]
                  release: { members: [bob], slack: S0RELEASE }
                  oncall:
                    slack: S0ONCALL
                """ + APPS);

        assertThat(config.groups()).containsOnlyKeys("qa", "release", "oncall");
        assertThat(config.groups().get("qa")).isEqualTo(Group.of("qa", List.of("alice")));
        assertThat(config.groups().get("qa").isLinked()).isFalse();
        assertThat(config.groups().get("release")).isEqualTo(new Group("release", List.of("bob"), Map.of("slack", "S0RELEASE")));
        assertThat(config.groups().get("oncall")).isEqualTo(new Group("oncall", List.of(), Map.of("slack", "S0ONCALL")));
        assertThat(config.groups().get("oncall").isLinked()).isTrue();
    }

    @Test
    @DisplayName("A key other than members, slack and discord in a group lists the three")
    void unknownKey() {
        assertThat(problemsOf(PEOPLE + """
                  release: { members: [bob], slack: S0RELEASE, channel: C0RELEASE }
                """ + APPS)).isEqualTo(at("groups.release.channel", 5)
                + "'channel' is not a known key here; the known keys are members, slack, discord");
    }

    @Test
    @DisplayName("A Slack user group id that is not S followed by capitals and digits (here a member id) is refused with an example")
    void badSlackGroupId() {
        assertThat(problemsOf(PEOPLE + """
                  release: { members: [bob], slack: U02BOB }
                """ + APPS)).isEqualTo(at("groups.release.slack", 5)
                + "'U02BOB' is not a Slack user group id (S followed by capital letters and digits, like S0RELEASE)");
    }

    @Test
    @DisplayName("A member of a linked group who is not a defined person is named, with the people there are")
    void unknownMember() {
        assertThat(problemsOf(PEOPLE + """
                  release: { members: [bob, zoe], slack: S0RELEASE }
                """ + APPS)).isEqualTo(at("groups.release.members[1]", 5)
                + "'zoe' names a person who is not defined; people are alice, bob");
    }

    @Test
    @DisplayName("A group mapping with neither members nor slack says it needs one of them")
    void neitherMembersNorSlack() {
        assertThat(problemsOf(PEOPLE + """
                  release: {}
                """ + APPS)).isEqualTo(at("groups.release", 5)
                + "needs members, slack or both, like { members: [bob], slack: S0RELEASE }");
    }

    @Test
    @DisplayName("Required approvals are not counted against a group linked to Slack: its members are known only when someone votes")
    void noCountForLinkedGroups() {
        PipelineConfig config = load(PEOPLE + """
                  release: { members: [bob], slack: S0RELEASE }
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: prod, image: sandbox/shop:prod, approval: { required: 3, approvers: [alice, group:release] } }
                """);

        assertThat(config.app("shop").orElseThrow().first().approval().required()).isEqualTo(3);
    }
}
