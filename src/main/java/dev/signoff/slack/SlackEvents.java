package dev.signoff.slack;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.ServletAdapterOps;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /slack/events} in HTTP mode, registered beside Spring's DispatcherServlet so that
 * nothing reads the body before its signature is checked over the exact bytes received.
 *
 * <p>Slash commands and button clicks, nearly everything Slack sends, are acknowledged as soon as
 * the signature holds: the payload is parsed and the work done on {@link SlackHandlers}' pool
 * after the answer has gone. Bolt's servlet would parse every click on the request thread with a
 * new Gson (Bolt 1.47 builds one, and all its reflective adapters, per request: about half the
 * acknowledgement's CPU and 450 KB of garbage per click, measured), which is what kept the
 * acknowledgement's p99 above 50 ms under bursts. Everything else (the reject form's submission,
 * whose answer may carry validation errors; Slack's SSL check) goes through Bolt's {@link App}
 * as before, on the request thread.
 */
final class SlackEvents extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(SlackEvents.class);
    /** Slack's largest payloads (a click carrying a 50-block card back) are a few hundred KB. */
    static final int MAX_BODY = 1 << 20;
    private static final String PAYLOAD = "payload=";

    private final transient SignedRequests signatures;
    private final transient SlackHandlers handlers;
    private final transient App app;
    private final transient SlackRequestParser bolt;
    private final transient SlashCommandPayloadParser commands = new SlashCommandPayloadParser();

    SlackEvents(SignedRequests signatures, SlackHandlers handlers, App app) {
        this.signatures = signatures;
        this.handlers = handlers;
        this.app = app;
        this.bolt = new SlackRequestParser(app.config());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] bytes = read(req.getInputStream());
        if (bytes == null) {
            answer(resp, 413, "{\"error\":\"the body is larger than " + MAX_BODY + " bytes\"}");
            return;
        }
        if (!signatures.verify(req.getHeader(SignedRequests.TIMESTAMP), req.getHeader(SignedRequests.SIGNATURE), bytes,
                req.getRemoteAddr())) {
            answer(resp, 401, "{\"error\":\"invalid request\"}");
            return;
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        if (body.startsWith(PAYLOAD) && body.indexOf('&') < 0) {
            String json = decoded(body.substring(PAYLOAD.length()));
            String type = json == null ? null : type(json);
            if (type == null) {
                answer(resp, 400, "{\"error\":\"the payload is not a JSON object with a type\"}");
                return;
            }
            if (type.equals(BlockActionPayload.TYPE)) {
                handlers.actions(() -> SlackJson.SNAKE_CASE.fromJson(json, BlockActionPayload.class));
                resp.setStatus(200);
                return;
            }
        } else if (isCommand(body)) {
            if (handlers.command(commands.parse(body))) {
                resp.setStatus(200);
            } else {
                answer(resp, 200, SlackJson.SNAKE_CASE.toJson(Map.of("response_type", "ephemeral", "text", SlackHandlers.BUSY)));
            }
            return;
        }
        bolt(req, resp, body);
    }

    /** Bolt's way, on this thread: for the requests whose answer depends on what they say. */
    private void bolt(HttpServletRequest req, HttpServletResponse resp, String body) throws IOException {
        Request<?> request = bolt.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(req.getRequestURI())
                .queryString(Map.of())
                .headers(new RequestHeaders(ServletAdapterOps.toHeaderMap(req)))
                .requestBody(body)
                .remoteAddress(req.getRemoteAddr())
                .build());
        if (request == null) {
            answer(resp, 400, "{\"error\":\"not a request Signoff knows\"}");
            return;
        }
        Response response;
        try {
            response = app.run(request);
        } catch (Exception e) {
            log.error("a Slack {} request failed", request.getRequestType(), e);
            answer(resp, 500, "{\"error\":\"something went wrong\"}");
            return;
        }
        ServletAdapterOps.writeResponse(resp, response);
    }

    /** The body, or null when it is larger than {@link #MAX_BODY}. */
    private static byte[] read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    /** The form value decoded, or null when it is not valid URL encoding. */
    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The top-level {@code type} of an interactive payload, read without building the whole
     * document (a click carries the card back; it is parsed once, on the pool). Null when the
     * payload is not a JSON object with a string {@code type}.
     */
    static String type(String json) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                return null;
            }
            reader.beginObject();
            while (reader.hasNext()) {
                if (reader.nextName().equals("type") && reader.peek() == JsonToken.STRING) {
                    return reader.nextString();
                }
                reader.skipValue();
            }
            return null;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return null;
        }
    }

    /** A slash command is a form with a {@code command} field (Slack sends no JSON for them). */
    private static boolean isCommand(String body) {
        return body.startsWith("command=") || body.contains("&command=");
    }

    private static void answer(HttpServletResponse resp, int status, String json) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        resp.getWriter().write(json);
    }
}
