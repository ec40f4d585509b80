package dev.signoff.console;

import dev.signoff.testing.CardSamples;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Console channels")
class ConsoleChannelsTest {

    @Test
    @DisplayName("never reuse a message id after a restart, since card references outlive the process")
    void idsSurviveRestarts() throws Exception {
        String before = new ConsoleChannels(Clock.systemUTC()).postCard("shop", CardSamples.ALL.get("pending"));
        Thread.sleep(5);
        String after = new ConsoleChannels(Clock.systemUTC()).postCard("shop", CardSamples.ALL.get("pending"));
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    @DisplayName("keep an edited card under its id and hide other people's private messages")
    void editsAndPrivacy() {
        ConsoleChannels channels = new ConsoleChannels(Clock.systemUTC());
        String id = channels.postCard("shop", CardSamples.ALL.get("pending"));
        channels.add("shop", "signoff", "only for bob", true, "bob", null, null);
        channels.updateCard("shop", id, CardSamples.ALL.get("succeeded"));
        assertThat(channels.messages("shop", "alice")).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.card().status()).startsWith("Done");
        });
        assertThat(channels.messages("shop", "bob")).hasSize(2);
    }
}
