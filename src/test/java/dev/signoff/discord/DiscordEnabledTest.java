package dev.signoff.discord;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Switching Discord on")
class DiscordEnabledTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Probe.class);

    @Test
    @DisplayName("with none of its settings Discord is off")
    void off() {
        runner.run(context -> assertThat(context).doesNotHaveBean("any").doesNotHaveBean("http").doesNotHaveBean("gateway"));
        runner.withPropertyValues("signoff.discord.bot-token=", "signoff.discord.mode=gateway")
                .run(context -> assertThat(context).doesNotHaveBean("any"));
    }

    @Test
    @DisplayName("any one of its settings switches it on, over HTTP unless gateway mode is asked for")
    void on() {
        runner.withPropertyValues("signoff.discord.application-id=123")
                .run(context -> assertThat(context).hasBean("any").hasBean("http").doesNotHaveBean("gateway"));
        runner.withPropertyValues("signoff.discord.bot-token=t", "signoff.discord.mode=Gateway")
                .run(context -> assertThat(context).hasBean("any").hasBean("gateway").doesNotHaveBean("http"));
    }

    @Test
    @DisplayName("half-filled settings stop start-up with what is missing")
    void incomplete() {
        new ApplicationContextRunner().withUserConfiguration(DiscordConfiguration.class)
                .withPropertyValues("signoff.discord.application-id=123")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("signoff.discord is not complete")
                        .hasMessageContaining("bot-token is required")
                        .hasMessageContaining("public-key is required in http mode"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Probe {
        @Bean
        @Conditional(DiscordEnabled.class)
        String any() {
            return "on";
        }

        @Bean
        @Conditional(DiscordEnabled.OverHttp.class)
        String http() {
            return "http";
        }

        @Bean
        @Conditional(DiscordEnabled.OverGateway.class)
        String gateway() {
            return "gateway";
        }
    }
}
