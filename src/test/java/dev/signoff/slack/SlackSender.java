package dev.signoff.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts bodies to {@code /slack/events} the way Slack does: form-encoded, signed, timestamped. */
final class SlackSender {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final SlackSigner signer;

    SlackSender(int port, String signingSecret) {
        this.events = URI.create("http://127.0.0.1:" + port + "/slack/events");
        this.signer = new SlackSigner(signingSecret);
    }

    /** Signed now. */
    HttpResponse<String> send(String body) {
        return send(body, now());
    }

    /** Signed with this timestamp (seconds). */
    HttpResponse<String> send(String body, long timestamp) {
        return send(body, timestamp, signer.sign(timestamp, body));
    }

    HttpResponse<String> send(String body, long timestamp, String signature) {
        HttpRequest request = HttpRequest.newBuilder(events)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", signature)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
