package dev.signoff.ci;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /hooks/{source}}. Reads the body itself, as exact bytes and at most
 * {@code signoff.hooks.max-body} of them, so signatures are checked on what was sent and a
 * large body is refused without being held. The query string is read from the URL, never from
 * the servlet's parameters, which would consume a form body.
 */
@RestController
class HooksController {
    private final HookIntake intake;
    private final HooksProperties properties;
    private final Clock clock;

    HooksController(HookIntake intake, HooksProperties properties, Clock clock) {
        this.intake = intake;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/hooks/{source}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String source, HttpServletRequest request) throws IOException {
        if (intake.source(source).isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "no notification source '" + source
                    + "'; the sources are github, gitlab, jenkins, generic, distribution, harbor, quay, dockerhub"));
        }
        long limit = properties.maxBody().toBytes();
        HookIntake.Reply reply;
        if (request.getContentLengthLong() > limit) {
            reply = intake.tooLarge(source, request.getRemoteAddr(), limit);
        } else {
            byte[] body = readAtMost(request.getInputStream(), limit);
            if (body == null) {
                reply = intake.tooLarge(source, request.getRemoteAddr(), limit);
            } else if (!isJson(request.getContentType())) {
                reply = intake.unsupportedType(source, request.getRemoteAddr(), request.getContentType());
            } else {
                reply = intake.receive(new HookRequest(source, body, headers(request), query(request.getQueryString()),
                        request.getRemoteAddr(), clock.instant()));
            }
        }
        return ResponseEntity.status(reply.status()).body(reply.body());
    }

    /** The body, or null when it is longer than {@code limit} (reading stops there). */
    static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return bytes.length > limit ? null : bytes;
    }

    /** application/json and the +json types (the distribution registry sends application/vnd.docker.distribution.events.v1+json). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application") && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static Map<String, String> headers(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.putIfAbsent(name, request.getHeader(name));
        }
        return headers;
    }

    static Map<String, String> query(String queryString) {
        Map<String, String> query = new HashMap<>();
        if (queryString == null) {
            return query;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            query.putIfAbsent(decoded(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decoded(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return text;
        }
    }
}
