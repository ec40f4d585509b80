package dev.signoff.slack;

import dev.signoff.chat.ChatGateway;
import dev.signoff.chat.ChatGroups;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Slack settings")
class SlackSettingsTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(SlackConfiguration.class);

    @Test
    @DisplayName("without any Slack setting, Slack stays off and nothing of it is created")
    void offByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ChatGateway.class);
            assertThat(context).doesNotHaveBean(ChatGroups.class);
            assertThat(context).doesNotHaveBean(com.slack.api.bolt.App.class);
        });
        runner.withPropertyValues("signoff.slack.bot-token=", "signoff.slack.signing-secret= ").run(context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(ChatGateway.class));
    }

    @Test
    @DisplayName("a half-done configuration stops start-up, naming what is missing and never showing a secret")
    void partial() {
        runner.withPropertyValues("signoff.slack.bot-token=xoxb-secret-value").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("signoff.slack.signing-secret")
                    .hasMessageNotContaining("xoxb-secret-value");
        });
        runner.withPropertyValues("signoff.slack.signing-secret=shh-value").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("signoff.slack.bot-token")
                        .hasMessageNotContaining("shh-value"));
        runner.withPropertyValues("signoff.slack.bot-token=xoxb-1", "signoff.slack.mode=socket").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("signoff.slack.app-token"));
        runner.withPropertyValues("signoff.slack.bot-token=xoxb-1", "signoff.slack.signing-secret=s", "signoff.slack.mode=webhook").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("known modes: http, socket"));
    }

    @Test
    @DisplayName("the settings print without their secrets, and the API URL defaults to Slack's")
    void noSecretsInToString() {
        SlackProperties p = new SlackProperties("xoxb-1", "secret-2", "xapp-3", "http://127.0.0.1:9/api", "http", Duration.ofMinutes(5));
        assertThat(p.toString()).doesNotContain("xoxb-1", "secret-2", "xapp-3").contains("http://127.0.0.1:9/api");
        assertThat(p.methodsUrl()).isEqualTo("http://127.0.0.1:9/api/");
        assertThat(new SlackProperties("x", "y", null, null, "http", Duration.ofMinutes(5)).methodsUrl()).isEqualTo("https://slack.com/api/");
    }
}
