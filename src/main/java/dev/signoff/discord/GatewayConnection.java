package dev.signoff.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.EnumSet;

/**
 * Gateway mode: a JDA session that receives interactions over Discord's websocket, for bots that
 * cannot be reached over HTTPS. No gateway intents: interactions need none. The login runs in the
 * background, so start-up does not wait for Discord; JDA reconnects by itself once logged in.
 */
class GatewayConnection implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GatewayConnection.class);

    private final DiscordProperties properties;
    private final GatewayListener listener;
    private volatile JDA jda;
    private volatile boolean running;

    GatewayConnection(DiscordProperties properties, GatewayListener listener) {
        this.properties = properties;
        this.listener = listener;
    }

    @Override
    public void start() {
        running = true;
        Thread.ofVirtual().name("discord-gateway-login").start(() -> {
            try {
                jda = JDABuilder.createLight(properties.botToken().strip(), EnumSet.noneOf(GatewayIntent.class))
                        .setRestConfig(new RestConfig().setBaseUrl(properties.api() + "/"))
                        .setEnableShutdownHook(false)
                        .addEventListeners(listener)
                        .build();
                log.info("Discord gateway: logging in");
            } catch (InvalidTokenException e) {
                log.error("Discord refused the bot token (signoff.discord.bot-token): gateway mode is off until it is fixed");
            } catch (RuntimeException e) {
                log.error("Discord gateway: could not log in: {}", e.toString());
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        JDA session = jda;
        if (session != null) {
            session.shutdown();
            try {
                session.awaitShutdown(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
