package dev.signoff.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Socket Mode: Signoff opens a WebSocket to Slack (apps.connections.open with the app-level
 * token) and Slack sends commands and clicks over it, for workspaces that cannot expose a URL.
 * The same Bolt {@link App} and handlers as over HTTP; Bolt reconnects when the socket drops.
 * Uses the Java-WebSocket backend (one small jar, no javax.websocket API in a Jakarta app).
 */
class SlackSocketMode implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);

    private final SocketModeApp socketMode;
    private volatile boolean running;

    SlackSocketMode(String appToken, App app) {
        try {
            this.socketMode = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Slack Socket Mode could not be set up: " + e.getMessage(), e);
        }
    }

    @Override
    public void start() {
        try {
            socketMode.startAsync();
        } catch (Exception e) {
            // Bolt turns a failed apps.connections.open into a null client; either way, say what it means.
            throw new IllegalStateException("Slack Socket Mode could not connect (check signoff.slack.app-token and that "
                    + "Socket Mode is enabled for the Slack app): " + e, e);
        }
        running = true;
        log.info("Slack Socket Mode connected");
    }

    @Override
    public void stop() {
        running = false;
        try {
            socketMode.close();
        } catch (Exception e) {
            log.info("closing the Slack socket: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
