package dev.signoff.discord;

import dev.signoff.chat.ChatService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/** Discord's beans, when Discord is configured (see {@link DiscordEnabled}); incomplete settings stop start-up. */
@Configuration(proxyBeanMethods = false)
@Conditional(DiscordEnabled.class)
@EnableConfigurationProperties(DiscordProperties.class)
class DiscordConfiguration {

    @Bean
    DiscordRest discordRest(DiscordProperties properties) {
        List<String> problems = properties.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("signoff.discord is not complete:\n  - " + String.join("\n  - ", problems));
        }
        return new DiscordRest(properties.api(), properties.botToken().strip());
    }

    @Bean
    DiscordChannels discordChannels(DiscordRest rest) {
        return new DiscordChannels(rest);
    }

    @Bean(destroyMethod = "close")
    InteractionHandler discordInteractionHandler(ChatService chat) {
        return new InteractionHandler(chat);
    }

    @Bean
    CommandRegistration discordCommandRegistration(DiscordProperties properties, DiscordRest rest) {
        return new CommandRegistration(properties, rest);
    }

    @Bean
    @Conditional(DiscordEnabled.OverHttp.class)
    InteractionVerifier discordInteractionVerifier(DiscordProperties properties, Clock clock) {
        return new InteractionVerifier(properties.publicKeyBytes(), clock);
    }

    @Bean
    @Conditional(DiscordEnabled.OverGateway.class)
    GatewayConnection discordGatewayConnection(DiscordProperties properties, InteractionHandler handler) {
        return new GatewayConnection(properties, new GatewayListener(handler));
    }
}
