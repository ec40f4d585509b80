package dev.signoff.slack;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.signoff.chat.ChatGroups;
import dev.signoff.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Slack user groups on their own, against WireMock: what is read when, and what a failure leaves. */
@DisplayName("Slack user groups")
class SlackUserGroupsTest {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T10:00:00Z"));
    private final Slack slack = slack();
    private final SlackUserGroups groups = new SlackUserGroups(slack.methods(SlackApiStub.BOT_TOKEN), REFRESH, clock);

    private final List<StubMapping> added = new ArrayList<>();

    @AfterEach
    void restore() throws Exception {
        added.forEach(SlackApiStub.server()::removeStub);
        SlackApiStub.server().resetScenarios();
        slack.close();
    }

    @Test
    @DisplayName("a group is read on first need and kept for the refresh time; after it, the next need reads it again")
    void cachedForTheRefreshTime() {
        stub(group("S0UNITA").inScenario("a").whenScenarioStateIs(STARTED).willSetStateTo("changed")
                .willReturn(users("U01ALICE", "U02BOB")));
        stub(group("S0UNITA").inScenario("a").whenScenarioStateIs("changed").willReturn(users("U01ALICE")));

        assertThat(groups.members("S0UNITA")).containsExactlyInAnyOrder("U01ALICE", "U02BOB");
        clock.advance(REFRESH.minusSeconds(1));
        assertThat(groups.members("S0UNITA")).containsExactlyInAnyOrder("U01ALICE", "U02BOB");
        assertThat(reads("S0UNITA")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(groups.members("S0UNITA")).containsExactly("U01ALICE");
        assertThat(reads("S0UNITA")).isEqualTo(2);
    }

    @Test
    @DisplayName("when a refresh fails the last list read is used, and the next need tries again")
    void staleListOnFailedRefresh() {
        stub(group("S0UNITB").inScenario("b").whenScenarioStateIs(STARTED).willSetStateTo("down").willReturn(users("U02BOB")));
        stub(group("S0UNITB").inScenario("b").whenScenarioStateIs("down").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":false,\"error\":\"service_unavailable\"}")));

        assertThat(groups.members("S0UNITB")).containsExactly("U02BOB");
        clock.advance(REFRESH);
        assertThat(groups.members("S0UNITB")).containsExactly("U02BOB");
        assertThat(groups.members("S0UNITB")).containsExactly("U02BOB");
        assertThat(reads("S0UNITB")).isEqualTo(3);
    }

    @Test
    @DisplayName("a group never read that cannot be read is reported with Slack's answer, and without the token")
    void nothingReadAndFailing() {
        stub(group("S0UNITC").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"usergroups:read\"}")));

        ChatGroups.Unreadable e = catchThrowableOfType(ChatGroups.Unreadable.class, () -> groups.members("S0UNITC"));

        assertThat(e).hasMessage("Slack usergroups.users.list failed: missing_scope").hasMessageNotContaining(SlackApiStub.BOT_TOKEN);
        assertThat(groups.describe("S0UNITC")).isEqualTo("the Slack user group S0UNITC");
        catchThrowableOfType(ChatGroups.Unreadable.class, () -> groups.members("S0UNITC"));
        assertThat(reads("S0UNITC")).as("with nothing read, every need tries again").isEqualTo(2);
    }

    private void stub(MappingBuilder mapping) {
        added.add(SlackApiStub.server().stubFor(mapping));
    }

    private static MappingBuilder group(String id) {
        return post(urlEqualTo("/api/" + SlackUserGroups.METHOD)).withRequestBody(containing("usergroup=" + id));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder users(String... ids) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"ok\":true,\"users\":[\"" + String.join("\",\"", ids) + "\"]}");
    }

    private static long reads(String groupId) {
        return SlackApiStub.calls(SlackUserGroups.METHOD).stream().filter(c -> groupId.equals(c.get("usergroup"))).count();
    }

    private static Slack slack() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(SlackApiStub.apiUrl());
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }
}
