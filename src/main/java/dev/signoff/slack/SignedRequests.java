package dev.signoff.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The first middleware: every HTTP request must carry Slack's signature over its exact body
 * (Bolt's own {@link SlackSignature.Verifier}, which also refuses timestamps more than five
 * minutes old) and a timestamp no more than five minutes ahead, which Bolt lets through. A
 * refused request is answered 401 before any handler, store or Slack call; it leaves one log line
 * (without the body) and a count in {@code signoff.slack.refused}. Socket Mode requests come over
 * an authenticated connection and carry no signature.
 *
 * <p>The clock is the wall clock, not the application's: signatures are about real time.
 */
class SignedRequests implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(SignedRequests.class);
    static final Duration SKEW = Duration.ofMinutes(5);

    private final SlackSignature.Verifier verifier;
    private final Clock clock;
    private final MeterRegistry meters;

    SignedRequests(String signingSecret, Clock clock, MeterRegistry meters) {
        this.verifier = new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret));
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.isSocketMode()) {
            return chain.next(req);
        }
        Refused refused = check(req);
        if (refused != null) {
            log.warn("refused a Slack request from {}: {}", req.getClientIpAddress(), refused.words());
            meters.counter("signoff.slack.refused", "reason", refused.reason()).increment();
            return Response.json(401, "{\"error\":\"invalid request\"}");
        }
        return chain.next(req);
    }

    /** Why a request is refused: {@code reason} tags the metric, {@code words} go to the log. */
    private record Refused(String reason, String words) {
    }

    private Refused check(Request req) {
        String timestamp = req.getHeaders().getFirstValue(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
        if (timestamp == null || req.getHeaders().getFirstValue(SlackSignature.HeaderNames.X_SLACK_SIGNATURE) == null) {
            return new Refused("unsigned", "no signature or timestamp header");
        }
        long now = clock.millis();
        try {
            if (Long.parseLong(timestamp.strip()) * 1000 > now + SKEW.toMillis()) {
                return new Refused("future", "timestamp " + timestamp + " is more than 5 minutes in the future");
            }
        } catch (NumberFormatException e) {
            return new Refused("unsigned", "the timestamp header is not a number");
        }
        return req.isValid(verifier, now) ? null
                : new Refused("signature", "signature does not match, or timestamp " + timestamp + " is more than 5 minutes old");
    }
}
