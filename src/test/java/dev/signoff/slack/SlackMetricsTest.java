package dev.signoff.slack;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Slack's metrics")
class SlackMetricsTest extends SlackAppTest {

    @Test
    @DisplayName("exist from start-up: refusals by reason, 429s by method, API errors by operation")
    void fromStart() throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String reason : new String[] {"unsigned", "future", "signature"}) {
            assertThat(metrics).containsPattern("signoff_slack_refused_total\\{reason=\"" + reason + "\"} \\d");
        }
        for (String method : SlackGateway.METHODS) {
            assertThat(metrics).containsPattern("signoff_chat_rate_limited_total\\{method=\"" + method.replace(".", "\\.") + "\",platform=\"slack\"} \\d");
        }
        for (String operation : new String[] {"post", "edit", "thread"}) {
            assertThat(metrics).containsPattern("signoff_chat_api_errors_total\\{operation=\"" + operation + "\",platform=\"slack\"} \\d");
        }
    }
}
