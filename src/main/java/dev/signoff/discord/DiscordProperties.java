package dev.signoff.discord;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@code signoff.discord.*}. Discord is on as soon as any of application-id, public-key or
 * bot-token is set; then the settings must be complete, or start-up stops and says what is
 * missing. {@link #toString()} never shows the bot token.
 */
@ConfigurationProperties("signoff.discord")
record DiscordProperties(String applicationId, String publicKey, String botToken,
                         @DefaultValue(DEFAULT_API_URL) String apiUrl, @DefaultValue("http") String mode, String guildId) {
    static final String DEFAULT_API_URL = "https://discord.com/api/v10";

    /** How interactions reach Signoff: POSTed to /discord/interactions, or over the gateway websocket. */
    enum Mode { HTTP, GATEWAY }

    Mode connection() {
        return Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
    }

    URI api() {
        return URI.create(apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl);
    }

    boolean hasGuild() {
        return guildId != null && !guildId.isBlank();
    }

    /** The raw 32-byte Ed25519 public key from the hex the Developer Portal shows. */
    byte[] publicKeyBytes() {
        return HexFormat.of().parseHex(publicKey.strip());
    }

    /** What is wrong with the settings, in words that name the key; empty when they are complete. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (blank(applicationId) || !applicationId.strip().matches("\\d{1,20}")) {
            problems.add("application-id is required: the Application ID (a number) from the Developer Portal's General Information page");
        }
        if (blank(botToken)) {
            problems.add("bot-token is required: the token from the Developer Portal's Bot page (better given as the environment variable SIGNOFF_DISCORD_BOT_TOKEN)");
        }
        Mode connection = null;
        try {
            connection = blank(mode) ? null : connection();
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (connection == null) {
            problems.add("mode '" + mode + "' is not known; modes are http, gateway");
        }
        if (connection == Mode.HTTP) {
            if (blank(publicKey)) {
                problems.add("public-key is required in http mode: the Public Key (hex) from the Developer Portal's General Information page");
            } else {
                try {
                    if (publicKeyBytes().length != 32) {
                        problems.add("public-key must be 64 hex digits (32 bytes); it has " + publicKeyBytes().length + " bytes");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("public-key must be 64 hex digits: " + e.getMessage());
                }
            }
        }
        if (blank(apiUrl) || !(apiUrl.startsWith("https://") || apiUrl.startsWith("http://"))) {
            problems.add("api-url must be an http(s) URL, e.g. " + DEFAULT_API_URL);
        }
        if (!blank(guildId) && !guildId.strip().matches("\\d{1,20}")) {
            problems.add("guild-id must be a server id (a number), or left out to register the commands globally");
        }
        return problems;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "DiscordProperties[applicationId=" + applicationId + ", publicKey=" + publicKey + ", botToken="
                + (blank(botToken) ? "(none)" : "(set)") + ", apiUrl=" + apiUrl + ", mode=" + mode + ", guildId=" + guildId + "]";
    }
}
