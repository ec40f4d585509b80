package dev.signoff.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code signoff.slack.*}. Slack is off without any of the tokens and the secret; given any, it
 * needs the bot token and what the mode needs: {@code http} the signing secret, {@code socket} the
 * app-level token. The secrets never appear in {@link #toString()} or in any log line.
 * {@code userGroupsRefresh} is how long a Slack user group's member list is used before it is
 * read again.
 */
@ConfigurationProperties("signoff.slack")
record SlackProperties(String botToken, String signingSecret, String appToken,
                       @DefaultValue(DEFAULT_API_URL) String apiUrl, @DefaultValue("http") String mode,
                       @DefaultValue("5m") Duration userGroupsRefresh) {
    static final String DEFAULT_API_URL = "https://slack.com/api/";

    enum Mode { HTTP, SOCKET }

    Mode parsedMode() {
        return switch (mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT)) {
            case "http" -> Mode.HTTP;
            case "socket" -> Mode.SOCKET;
            default -> throw new IllegalStateException("signoff.slack.mode is '" + mode + "'; known modes: http, socket");
        };
    }

    /** The Web API base URL, always ending in '/', as {@code SlackConfig#setMethodsEndpointUrlPrefix} wants it. */
    String methodsUrl() {
        String url = has(apiUrl) ? apiUrl.strip() : DEFAULT_API_URL;
        return url.endsWith("/") ? url : url + "/";
    }

    /** Refuses a half-done configuration with what is missing, naming keys only. */
    void check() {
        Mode m = parsedMode();
        List<String> missing = new ArrayList<>();
        if (!has(botToken)) {
            missing.add("signoff.slack.bot-token (SIGNOFF_SLACK_BOT_TOKEN, xoxb-…)");
        }
        if (m == Mode.HTTP && !has(signingSecret)) {
            missing.add("signoff.slack.signing-secret (SIGNOFF_SLACK_SIGNING_SECRET), from the app's Basic Information page");
        }
        if (m == Mode.SOCKET && !has(appToken)) {
            missing.add("signoff.slack.app-token (SIGNOFF_SLACK_APP_TOKEN, xapp-…), an app-level token with connections:write");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Slack is partly configured (mode " + m.name().toLowerCase(Locale.ROOT)
                    + "); also set " + String.join(" and ", missing) + ", or remove the signoff.slack settings to run without Slack");
        }
    }

    static boolean has(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "SlackProperties[botToken=" + (has(botToken) ? "***" : "") + ", signingSecret=" + (has(signingSecret) ? "***" : "")
                + ", appToken=" + (has(appToken) ? "***" : "") + ", apiUrl=" + apiUrl + ", mode=" + mode
                + ", userGroupsRefresh=" + userGroupsRefresh + "]";
    }
}
