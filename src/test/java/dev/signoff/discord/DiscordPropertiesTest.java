package dev.signoff.discord;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Discord settings")
class DiscordPropertiesTest {
    private static final String KEY = "a".repeat(64);

    @Test
    @DisplayName("complete http settings have no problems")
    void complete() {
        assertThat(new DiscordProperties("123", KEY, "secret", DiscordProperties.DEFAULT_API_URL, "http", null).problems()).isEmpty();
        assertThat(new DiscordProperties("123", null, "secret", DiscordProperties.DEFAULT_API_URL, "gateway", "456").problems()).isEmpty();
    }

    @Test
    @DisplayName("incomplete settings name each missing or wrong key")
    void incomplete() {
        assertThat(new DiscordProperties(null, null, null, DiscordProperties.DEFAULT_API_URL, "http", null).problems())
                .anyMatch(p -> p.startsWith("application-id is required"))
                .anyMatch(p -> p.startsWith("bot-token is required"))
                .anyMatch(p -> p.startsWith("public-key is required in http mode"));
        assertThat(new DiscordProperties("123", "abcd", "secret", DiscordProperties.DEFAULT_API_URL, "http", null).problems())
                .containsExactly("public-key must be 64 hex digits (32 bytes); it has 2 bytes");
        assertThat(new DiscordProperties("123", KEY, "secret", DiscordProperties.DEFAULT_API_URL, "websocket", "guild").problems())
                .containsExactly("mode 'websocket' is not known; modes are http, gateway",
                        "guild-id must be a server id (a number), or left out to register the commands globally");
    }

    @Test
    @DisplayName("the bot token never shows in toString")
    void noToken() {
        assertThat(new DiscordProperties("123", KEY, "very-secret-token", DiscordProperties.DEFAULT_API_URL, "http", null).toString())
                .doesNotContain("very-secret-token").contains("botToken=(set)");
    }
}
