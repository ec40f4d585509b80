package dev.signoff.slack;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("Slack request signatures")
class SlackSignatureTest {
    private static final Map<String, String> VECTOR = SlackPayloads.fixture("slack_slash_command.signature_vector.txt").lines()
            .filter(l -> !l.startsWith("#") && l.contains("="))
            .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
    private static final String BODY = SlackPayloads.fixture(VECTOR.get("body_file"));
    private static final long TIMESTAMP = Long.parseLong(VECTOR.get("X-Slack-Request-Timestamp"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    @DisplayName("the test signer reproduces Slack's documented signing vector")
    void signerMatchesVector() {
        assertThat(BODY).doesNotEndWith("\n");
        assertThat(new SlackSigner(VECTOR.get("signing_secret")).sign(TIMESTAMP, BODY)).isEqualTo(VECTOR.get("X-Slack-Signature"));
    }

    @Test
    @DisplayName("the servlet's own signing reproduces the vector too")
    void middlewareMatchesVector() {
        assertThat(new String(new SignedRequests(VECTOR.get("signing_secret"), at(TIMESTAMP), meters)
                .sign(Long.toString(TIMESTAMP), BODY.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII)).isEqualTo(VECTOR.get("X-Slack-Signature"));
    }

    @Test
    @DisplayName("the vector's request is let through at its own time")
    void acceptsVector() {
        assertThat(run(at(TIMESTAMP), BODY, Long.toString(TIMESTAMP), VECTOR.get("X-Slack-Signature"))).isTrue();
        assertThat(meters.find("signoff.slack.refused").counters()).as("there from the start, at zero")
                .extracting(c -> c.getId().getTag("reason"), c -> c.count())
                .containsExactlyInAnyOrder(tuple("unsigned", 0.0), tuple("future", 0.0), tuple("signature", 0.0));
    }

    @Test
    @DisplayName("a request signed more than five minutes ago is refused with 401")
    void refusesStale() {
        assertThat(run(at(TIMESTAMP + 301), BODY, Long.toString(TIMESTAMP), VECTOR.get("X-Slack-Signature"))).isFalse();
        assertThat(meters.counter("signoff.slack.refused", "reason", "signature").count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a correctly signed request dated more than five minutes ahead is refused with 401")
    void refusesFuture() {
        long future = TIMESTAMP + 301;
        String signature = new SlackSigner(VECTOR.get("signing_secret")).sign(future, BODY);
        assertThat(run(at(TIMESTAMP), BODY, Long.toString(future), signature)).isFalse();
        assertThat(meters.counter("signoff.slack.refused", "reason", "future").count()).isEqualTo(1);
        // a little ahead is clock skew, not forgery
        long close = TIMESTAMP + 299;
        assertThat(run(at(TIMESTAMP), BODY, Long.toString(close), new SlackSigner(VECTOR.get("signing_secret")).sign(close, BODY))).isTrue();
    }

    @Test
    @DisplayName("a changed body, a wrong secret or missing headers are refused with 401")
    void refusesForgeries() {
        assertThat(run(at(TIMESTAMP), BODY.replace("roadrunner", "coyote"), Long.toString(TIMESTAMP), VECTOR.get("X-Slack-Signature"))).isFalse();
        assertThat(run(at(TIMESTAMP), BODY, Long.toString(TIMESTAMP), new SlackSigner("not-the-secret").sign(TIMESTAMP, BODY))).isFalse();
        assertThat(run(at(TIMESTAMP), BODY, null, null)).isFalse();
        assertThat(run(at(TIMESTAMP), BODY, "yesterday", VECTOR.get("X-Slack-Signature"))).isFalse();
    }

    /** True when the request is let through; a refused one is counted in the metric. */
    private boolean run(Clock clock, String body, String timestamp, String signature) {
        return new SignedRequests(VECTOR.get("signing_secret"), clock, meters)
                .verify(timestamp, signature, body.getBytes(StandardCharsets.UTF_8), "203.0.113.7");
    }

    private static Clock at(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

}
