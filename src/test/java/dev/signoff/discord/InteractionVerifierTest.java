package dev.signoff.discord;

import dev.signoff.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Interaction signatures")
class InteractionVerifierTest {
    private final Signing discord = new Signing();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-18T10:00:00Z"));
    private final InteractionVerifier verifier = new InteractionVerifier(discord.rawPublicKey(), clock);
    private final byte[] body = "{\"type\":1}".getBytes(StandardCharsets.UTF_8);
    private final String now = Long.toString(clock.instant().getEpochSecond());

    @Test
    @DisplayName("a request signed with Discord's key over timestamp + body is accepted")
    void genuine() {
        assertThat(verifier.refusal(discord.sign(now, body), now, body)).isEmpty();
    }

    @Test
    @DisplayName("a signature by another key, of another body or another timestamp is refused")
    void forged() {
        Signing someoneElse = new Signing();
        assertThat(verifier.refusal(someoneElse.sign(now, body), now, body)).contains("signature does not match");
        assertThat(verifier.refusal(discord.sign(now, body), now, "{\"type\":2}".getBytes(StandardCharsets.UTF_8)))
                .contains("signature does not match");
        String other = Long.toString(clock.instant().getEpochSecond() - 1);
        assertThat(verifier.refusal(discord.sign(now, body), other, body)).contains("signature does not match");
        assertThat(verifier.refusal("zz", now, body)).contains("signature is not hex");
        assertThat(verifier.refusal("abcd", now, body)).contains("signature does not match");
    }

    @Test
    @DisplayName("a missing signature or timestamp is refused")
    void missing() {
        assertThat(verifier.refusal(null, now, body)).isPresent();
        assertThat(verifier.refusal(discord.sign(now, body), null, body)).isPresent();
        assertThat(verifier.refusal(discord.sign(now, body), "yesterday", body)).contains("timestamp is not a number of seconds");
    }

    @Test
    @DisplayName("a timestamp more than five minutes old or ahead is refused, even when properly signed")
    void stale() {
        String old = Long.toString(clock.instant().minus(Duration.ofMinutes(5).plusSeconds(1)).getEpochSecond());
        String ahead = Long.toString(clock.instant().plus(Duration.ofMinutes(5).plusSeconds(1)).getEpochSecond());
        String justInside = Long.toString(clock.instant().minus(Duration.ofMinutes(5)).getEpochSecond());
        assertThat(verifier.refusal(discord.sign(old, body), old, body)).contains("timestamp is too old");
        assertThat(verifier.refusal(discord.sign(ahead, body), ahead, body)).contains("timestamp is in the future");
        assertThat(verifier.refusal(discord.sign(justInside, body), justInside, body)).isEmpty();
    }
}
