package dev.signoff.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.bolt.middleware.builtin.SingleTeamAuthorization;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.signoff.chat.ChatService;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Slack is off unless configured ({@code signoff.slack.*}); the local console works either way.
 * Once any Slack setting is given, a missing one stops start-up with its name. The bot token is
 * checked with auth.test at start, so a wrong token is found then rather than at the first click.
 *
 * <p>HTTP mode: {@link SlackEvents} at {@code /slack/events}, registered beside Spring's
 * DispatcherServlet, so no Spring MVC filter or converter reads the body before the signature is
 * checked over its exact bytes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlackProperties.class)
class SlackConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SlackConfiguration.class);
    static final String EVENTS_PATH = "/slack/events";

    /** Any of bot-token, signing-secret, app-token given (environment variables included). */
    static class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            return SlackProperties.has(env.getProperty("signoff.slack.bot-token"))
                    || SlackProperties.has(env.getProperty("signoff.slack.signing-secret"))
                    || SlackProperties.has(env.getProperty("signoff.slack.app-token"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(Configured.class)
    static class Enabled {

        Enabled(SlackProperties properties) {
            properties.check();
        }

        @Bean
        Slack slack(SlackProperties properties) {
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(properties.methodsUrl());
            // No per-team statistics: they would resolve the team with extra auth.test calls.
            config.setStatsEnabled(false);
            config.setPrettyResponseLoggingEnabled(false);
            return Slack.getInstance(config);
        }

        @Bean
        SlackGateway slackGateway(Slack slack, SlackProperties properties) {
            return new SlackGateway(slack, properties.botToken());
        }

        @Bean
        SlackUserGroups slackUserGroups(Slack slack, SlackProperties properties) {
            return new SlackUserGroups(slack.methods(properties.botToken()), properties.userGroupsRefresh(), Clock.systemUTC());
        }

        @Bean
        SlackHandlers slackHandlers(ChatService chat, SlackGateway gateway) {
            return new SlackHandlers(chat, gateway);
        }

        @Bean(destroyMethod = "stop")
        App slackApp(Slack slack, SlackProperties properties, SlackHandlers handlers) {
            AuthTestResponse auth = authTest(slack, properties);
            AppConfig config = AppConfig.builder()
                    .slack(slack)
                    .singleTeamBotToken(properties.botToken())
                    .signingSecret(SlackProperties.has(properties.signingSecret()) ? properties.signingSecret() : null)
                    .verificationToken(null)
                    .clientId(null).clientSecret(null)
                    // auth.test ran above; a permanent cache keeps Slack calls off the acknowledgement path.
                    .authTestCacheExpirationMillis(-1)
                    .build();
            // No signature middleware: over HTTP, SlackEvents checks every request before Bolt sees it;
            // in Socket Mode requests come over the socket the app-level token opened.
            List<Middleware> middleware = List.of(new SSLCheck(null), new SingleTeamAuthorization(config, auth, null));
            App app = handlers.register(new App(config, slack, middleware));
            app.start();
            log.info("Slack on ({} mode) as {} in workspace {}", properties.parsedMode().name().toLowerCase(Locale.ROOT), auth.getUser(), auth.getTeam());
            return app;
        }

        @Bean
        @ConditionalOnProperty(prefix = "signoff.slack", name = "mode", havingValue = "http", matchIfMissing = true)
        ServletRegistrationBean<SlackEvents> slackEvents(App app, SlackHandlers handlers, SlackProperties properties, MeterRegistry meters) {
            SignedRequests signatures = new SignedRequests(properties.signingSecret(), Clock.systemUTC(), meters);
            ServletRegistrationBean<SlackEvents> registration = new ServletRegistrationBean<>(new SlackEvents(signatures, handlers, app), EVENTS_PATH);
            registration.setName("slackEvents");
            registration.setLoadOnStartup(1);
            return registration;
        }

        @Bean
        @ConditionalOnProperty(prefix = "signoff.slack", name = "mode", havingValue = "socket")
        SlackSocketMode slackSocketMode(App app, SlackProperties properties) {
            return new SlackSocketMode(properties.appToken(), app);
        }

        private static AuthTestResponse authTest(Slack slack, SlackProperties properties) {
            AuthTestResponse auth;
            try {
                auth = slack.methods(properties.botToken()).authTest(r -> r);
            } catch (IOException | SlackApiException e) {
                throw new IllegalStateException("Slack could not be reached at " + properties.methodsUrl() + " to check the bot token: " + e.getMessage(), e);
            }
            if (!auth.isOk()) {
                throw new IllegalStateException("Slack refused signoff.slack.bot-token (auth.test: " + auth.getError() + ")");
            }
            return auth;
        }
    }
}
