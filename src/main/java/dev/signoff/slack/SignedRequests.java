package dev.signoff.slack;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Slack's request signing (v0: HMAC-SHA256 of {@code v0:<timestamp>:<body>} with the signing
 * secret, over the body's exact bytes) with a timestamp within five minutes of now, either way.
 * Bolt's own check lets timestamps from the future through and compares signatures with
 * {@code String.equals}; Slack asks for a constant-time comparison, which this does.
 *
 * <p>{@link SlackEvents} asks this before it reads anything of the body. A refused request
 * leaves one log line (never the body or the signature) and a count in
 * {@code signoff.slack.refused} tagged {@code unsigned}, {@code future} or {@code signature};
 * the caller answers 401. The clock is the wall clock, not the application's: signatures are
 * about real time. Thread-safe (one {@link Mac} per thread).
 */
final class SignedRequests {
    private static final Logger log = LoggerFactory.getLogger(SignedRequests.class);
    static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    static final String SIGNATURE = "X-Slack-Signature";
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] VERSION = "v0:".getBytes(StandardCharsets.US_ASCII);
    /** The reasons {@link #check} gives, registered at zero so the metric's series exist from start-up. */
    private static final java.util.List<String> REASONS = java.util.List.of("unsigned", "future", "signature");

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final Clock clock;
    private final MeterRegistry meters;

    SignedRequests(String signingSecret, Clock clock, MeterRegistry meters) {
        this.key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.clock = clock;
        this.meters = meters;
        REASONS.forEach(reason -> io.micrometer.core.instrument.Counter.builder("signoff.slack.refused")
                .description("Requests refused as not Slack's, by reason").tag("reason", reason).register(meters));
        newMac(); // fail at start-up, not at the first request, if HMAC-SHA256 is unavailable
    }

    /**
     * Whether the request is Slack's: signed over {@code body} with the secret, dated within five
     * minutes. When not, says why in the log and the metric ({@code from}: the client address).
     */
    boolean verify(String timestamp, String signature, byte[] body, String from) {
        Refused refused = check(timestamp, signature, body);
        if (refused == null) {
            return true;
        }
        log.warn("refused a Slack request from {}: {}", from, refused.words());
        meters.counter("signoff.slack.refused", "reason", refused.reason()).increment();
        return false;
    }

    /** Why a request is refused: {@code reason} tags the metric, {@code words} go to the log. */
    private record Refused(String reason, String words) {
    }

    private Refused check(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            return new Refused("unsigned", "no signature or timestamp header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new Refused("unsigned", "the timestamp header is not a number");
        }
        long now = clock.millis();
        if (seconds * 1000 > now + SKEW.toMillis()) {
            return new Refused("future", "timestamp " + timestamp + " is more than 5 minutes in the future");
        }
        if (seconds * 1000 < now - SKEW.toMillis()) {
            return new Refused("signature", "timestamp " + timestamp + " is more than 5 minutes old");
        }
        if (!MessageDigest.isEqual(sign(timestamp, body), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Refused("signature", "the signature does not match the body");
        }
        return null;
    }

    /** "v0=" and the hex HMAC, as ASCII bytes. */
    byte[] sign(String timestamp, byte[] body) {
        Mac mac = macs.get();
        mac.update(VERSION);
        mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) ':');
        byte[] digest = mac.doFinal(body);
        return ("v0=" + HexFormat.of().formatHex(digest)).getBytes(StandardCharsets.US_ASCII);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
