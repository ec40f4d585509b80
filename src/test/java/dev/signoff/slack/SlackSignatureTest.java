package dev.signoff.slack;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

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
    @DisplayName("the middleware's own signing reproduces the vector too")
    void middlewareMatchesVector() {
        assertThat(new String(new SignedRequests(VECTOR.get("signing_secret"), at(TIMESTAMP), meters)
                .sign(Long.toString(TIMESTAMP), BODY), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(VECTOR.get("X-Slack-Signature"));
    }

    @Test
    @DisplayName("the vector's request is let through at its own time")
    void acceptsVector() throws Exception {
        assertThat(run(at(TIMESTAMP), BODY, Long.toString(TIMESTAMP), VECTOR.get("X-Slack-Signature"))).isTrue();
        assertThat(meters.find("signoff.slack.refused").counters()).isEmpty();
    }

    @Test
    @DisplayName("a request signed more than five minutes ago is refused with 401")
    void refusesStale() throws Exception {
        assertThat(run(at(TIMESTAMP + 301), BODY, Long.toString(TIMESTAMP), VECTOR.get("X-Slack-Signature"))).isFalse();
        assertThat(meters.counter("signoff.slack.refused", "reason", "signature").count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a correctly signed request dated more than five minutes ahead is refused with 401")
    void refusesFuture() throws Exception {
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
    void refusesForgeries() throws Exception {
        assertThat(run(at(TIMESTAMP), BODY.replace("roadrunner", "coyote"), Long.toString(TIMESTAMP), VECTOR.get("X-Slack-Signature"))).isFalse();
        assertThat(run(at(TIMESTAMP), BODY, Long.toString(TIMESTAMP), new SlackSigner("not-the-secret").sign(TIMESTAMP, BODY))).isFalse();
        assertThat(run(at(TIMESTAMP), BODY, null, null)).isFalse();
        assertThat(run(at(TIMESTAMP), BODY, "yesterday", VECTOR.get("X-Slack-Signature"))).isFalse();
    }

    /** True when the middleware passed the request on; otherwise it must have answered 401. */
    private boolean run(Clock clock, String body, String timestamp, String signature) throws Exception {
        Map<String, List<String>> headers = new java.util.HashMap<>();
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        if (timestamp != null) {
            headers.put("X-Slack-Request-Timestamp", List.of(timestamp));
        }
        if (signature != null) {
            headers.put("X-Slack-Signature", List.of(signature));
        }
        Request<?> request = new SlackRequestParser(AppConfig.builder().build()).parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events").queryString(Map.of()).headers(new RequestHeaders(headers))
                .requestBody(body).remoteAddress("203.0.113.7").build());
        AtomicBoolean passed = new AtomicBoolean();
        Response response = new SignedRequests(VECTOR.get("signing_secret"), clock, meters).apply(request, Response.ok(), r -> {
            passed.set(true);
            return Response.ok();
        });
        if (!passed.get()) {
            assertThat(response.getStatusCode()).isEqualTo(401);
        }
        return passed.get();
    }

    private static Clock at(long epochSeconds) {
        return Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

}
