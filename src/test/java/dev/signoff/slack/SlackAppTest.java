package dev.signoff.slack;

import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.TestAdapters;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running application with Slack configured (HTTP mode) and the Slack Web API as WireMock
 * ({@link SlackApiStub}), on an in-memory H2 and the test pipelines; one application context for
 * every test class that extends this. {@link #slack} sends signed requests to it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:slack;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "signoff.pipelines=src/test/resources/slack/pipelines.yaml",
        "signoff.slack.bot-token=" + SlackApiStub.BOT_TOKEN,
        "signoff.slack.signing-secret=" + SlackApiStub.SIGNING_SECRET})
@Import(TestAdapters.class)
abstract class SlackAppTest {
    @DynamicPropertySource
    static void slackApi(DynamicPropertyRegistry properties) {
        properties.add("signoff.slack.api-url", SlackApiStub::apiUrl);
    }

    @LocalServerPort
    int port;
    @Autowired
    FakeRegistry registry;
    SlackSender slack;

    @BeforeEach
    void sender() {
        slack = new SlackSender(port, SlackApiStub.SIGNING_SECRET);
    }
}
