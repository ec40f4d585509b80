package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.Group;
import dev.signoff.promotion.PipelineConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mentions and reminders: stages[].remind and a group's Discord role")
class ReminderRulesTest extends PipelinesFileTestSupport {

    /** Two people; the groups appended to it start on line 5. */
    private static final String PEOPLE = """
            people:
              alice: { discord: "812345678901234567" }
              bob: { discord: "812345678901234568" }
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
    @DisplayName("A stage reminds unless it says remind: false")
    void remind() {
        PipelineConfig config = load(PEOPLE + "  qa: [alice, bob]\n" + APPS + """
                      - { name: test, image: sandbox/shop:test, approval: { required: 1, approvers: [group:qa] } }
                      - { name: prod, image: sandbox/shop:prod, approval: { required: 1, approvers: [group:qa] }, remind: false }
                """);

        assertThat(config.stage("shop", "test").orElseThrow().remind()).isTrue();
        assertThat(config.stage("shop", "prod").orElseThrow().remind()).isFalse();
    }

    @Test
    @DisplayName("A remind that is not true or false names file, path and line")
    void remindNotABoolean() {
        assertThat(problemsOf(PEOPLE + "  qa: [alice, bob]\n" + APPS + """
                      - { name: test, image: sandbox/shop:test, approval: { required: 1, approvers: [group:qa] }, remind: often }
                """)).isEqualTo(at("apps.shop.stages[1].remind", 12) + "'often' is not true or false");
    }

    @Test
    @DisplayName("A group may name a Discord role, used only to mention it: its members still decide who votes")
    void discordRole() {
        PipelineConfig config = load(PEOPLE + """
                  release: { members: [bob], discord: "112233445566778899" }
                """ + APPS);

        Group release = config.groups().get("release");
        assertThat(release).isEqualTo(new Group("release", List.of("bob"), Map.of(), Map.of("discord", "112233445566778899")));
        assertThat(release.isLinked()).as("a role does not make its holders members").isFalse();
        assertThat(release.mentionOn("discord")).contains("112233445566778899");
        assertThat(release.mentionOn("slack")).isEmpty();
    }

    @Test
    @DisplayName("A Discord role id that is not 17 to 20 digits is refused with an example")
    void badDiscordRole() {
        assertThat(problemsOf(PEOPLE + """
                  release: { members: [bob], discord: "@release" }
                """ + APPS)).isEqualTo(at("groups.release.discord", 5)
                + "'@release' is not a Discord role id (17 to 20 digits, quoted, like \"112233445566778899\")");
    }

    @Test
    @DisplayName("A group with only a Discord role has no one to vote, and says it needs members or slack")
    void roleAlone() {
        assertThat(problemsOf(PEOPLE + """
                  release: { discord: "112233445566778899" }
                """ + APPS)).isEqualTo(at("groups.release", 5)
                + "needs members, slack or both, like { members: [bob], slack: S0RELEASE }");
    }
}
