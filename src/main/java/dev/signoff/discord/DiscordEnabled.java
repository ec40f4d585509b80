package dev.signoff.discord;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import java.util.Locale;

/**
 * Discord is on when any of {@code signoff.discord.application-id}, {@code public-key} or
 * {@code bot-token} is set (a half-filled configuration then stops start-up with what is missing,
 * rather than leaving Discord silently off).
 */
class DiscordEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        return StringUtils.hasText(env.getProperty("signoff.discord.application-id"))
                || StringUtils.hasText(env.getProperty("signoff.discord.public-key"))
                || StringUtils.hasText(env.getProperty("signoff.discord.bot-token"));
    }

    static String mode(ConditionContext context) {
        return context.getEnvironment().getProperty("signoff.discord.mode", "http").strip().toLowerCase(Locale.ROOT);
    }

    /** Interactions are POSTed to /discord/interactions (the default). */
    static class OverHttp extends DiscordEnabled {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return super.matches(context, metadata) && mode(context).equals("http");
        }
    }

    /** Interactions arrive over the gateway websocket (JDA). */
    static class OverGateway extends DiscordEnabled {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return super.matches(context, metadata) && mode(context).equals("gateway");
        }
    }
}
