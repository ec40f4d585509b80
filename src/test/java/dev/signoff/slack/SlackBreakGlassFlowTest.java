package dev.signoff.slack;

import dev.signoff.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Break-glass and the confirmation through signed Slack requests: prod is frozen Fri 16:00-Mon 08:00
 * Europe/Berlin, with a break-glass approval by two of release; the clock is set to a Friday 16:30
 * in Berlin (15:30 UTC) and put back afterwards.
 */
@DisplayName("Slack, break-glass end to end")
class SlackBreakGlassFlowTest extends SlackAppTest {
    @Autowired
    MutableClock clock;

    @Test
    @DisplayName("in the freeze: a marked card whose Approve carries Slack's confirm, the approvers mentioned, two approvals, it runs")
    void throughTheFreeze() {
        Instant before = clock.instant();
        clock.set(Instant.parse("2026-11-20T15:30:00Z"));
        try {
            String ts = prodCard(" break-glass checkout is down", "waiting for 2 approvals");
            JsonNode blocks = blocks(lastVersion(ts));
            assertThat(lastVersion(ts).get("text")).isEqualTo("BREAK-GLASS: Promote shop to prod: Waiting for 2 more approvals");
            assertThat(blocks.toString()).contains("*Break-glass*\\ncheckout is down (through the freeze Fri 16:00-Mon 08:00 Europe/Berlin)");
            JsonNode approve = find(blocks, "actions").get("elements").get(0);
            assertThat(approve.get("confirm").get("text").get("text").asString()).matches("Approve promotion of shop sha256:[0-9a-f]{12} to prod\\?");
            assertThat(SlackApiStub.calls("chat.postMessage")).filteredOn(m -> ts.equals(m.get("thread_ts")))
                    .extracting(m -> m.get("text")).contains("Approval needed from <@U02BOB>, <@U05ERIN>.");

            String token = button(blocks, "approve");
            assertThat(clickAnswer(BOB, ts, "approve", token)).contains("(1 of 2)");
            assertThat(clickAnswer(ERIN, ts, "approve", token)).contains("(2 of 2)");
            await().atMost(WAIT).until(() -> lastVersion(ts).get("text").startsWith("BREAK-GLASS: Promote shop to prod: Done"));
        } finally {
            clock.set(before);
        }
    }
}
