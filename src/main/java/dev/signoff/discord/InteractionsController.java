package dev.signoff.discord;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /discord/interactions}: the raw body is verified (Ed25519 over timestamp + body,
 * fresh timestamp) before anything reads it; a refused request is answered 401 and leaves a log
 * line and a metric, nothing else. PING is answered PONG; everything else goes to the
 * {@link InteractionHandler}, whose initial response is written and flushed before any webhook
 * call for the same interaction is made.
 */
@RestController
@Conditional(DiscordEnabled.OverHttp.class)
class InteractionsController {
    private static final Logger log = LoggerFactory.getLogger(InteractionsController.class);
    private static final byte[] PONG = "{\"type\":1}".getBytes(StandardCharsets.UTF_8);

    private final InteractionVerifier verifier;
    private final InteractionHandler handler;
    private final DiscordRest rest;
    private final DiscordProperties properties;
    private final MeterRegistry meters;

    InteractionsController(InteractionVerifier verifier, InteractionHandler handler, DiscordRest rest, DiscordProperties properties,
                           ObjectProvider<MeterRegistry> meters) {
        this.verifier = verifier;
        this.handler = handler;
        this.rest = rest;
        this.properties = properties;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        for (String outcome : new String[] {"refused", "accepted"}) { // there from start-up, at zero
            io.micrometer.core.instrument.Counter.builder("signoff.discord.interactions")
                    .description("Interactions posted by Discord: accepted, or refused for their signature or age")
                    .tag("outcome", outcome).register(this.meters);
        }
    }

    @PostMapping("/discord/interactions")
    void interactions(@RequestHeader(name = "X-Signature-Ed25519", required = false) String signature,
                      @RequestHeader(name = "X-Signature-Timestamp", required = false) String timestamp,
                      @RequestBody(required = false) byte[] body, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<String> refusal = verifier.refusal(signature, timestamp, body);
        if (refusal.isPresent()) {
            log.warn("refused a Discord interaction from {}: {}", request.getRemoteAddr(), refusal.get());
            meters.counter("signoff.discord.interactions", "outcome", "refused").increment();
            write(response, 401, "{\"error\":\"invalid request signature\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode payload;
        try {
            payload = HttpInteractions.read(body);
        } catch (RuntimeException e) {
            write(response, 400, "{\"error\":\"the body is not JSON\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        meters.counter("signoff.discord.interactions", "outcome", "accepted").increment();
        if (payload.path("type").asInt() == HttpInteractions.PING) {
            write(response, 200, PONG);
            return;
        }
        WebhookResponder responder = new WebhookResponder(rest, properties.applicationId().strip(),
                HttpInteractions.text(payload.path("token")));
        handler.handle(HttpInteractions.parse(payload), responder);
        DataObject initial = responder.initialResponse();
        if (initial == null) { // every path answers; this guards against one that does not
            responder.reply("Something went wrong.", true);
            initial = responder.initialResponse();
        }
        write(response, 200, initial.toJson());
        responder.acknowledged();
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
