package dev.signoff.chat;

import dev.signoff.promotion.Refusal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Button actions")
class ButtonActionTest {

    @Test
    @DisplayName("keep the wire ids that posted cards, stored tokens and console clients already use")
    void wireIds() {
        assertThat(Arrays.stream(ButtonAction.values()).map(ButtonAction::id)).containsExactly("approve", "reject", "continue", "abort", "confirm");
        for (ButtonAction action : ButtonAction.values()) {
            assertThat(ButtonAction.parse(action.id())).isEqualTo(action);
        }
    }

    @Test
    @DisplayName("only a reject needs a reason")
    void reasons() {
        assertThat(Arrays.stream(ButtonAction.values()).filter(ButtonAction::needsReason)).containsExactly(ButtonAction.REJECT);
    }

    @Test
    @DisplayName("an id that is none of them is refused in plain words, never an exception the person cannot read")
    void unknown() {
        assertThat(ButtonAction.fromId("snooze")).isEmpty();
        assertThat(ButtonAction.fromId(null)).isEmpty();
        assertThatThrownBy(() -> ButtonAction.parse("Approve")).isInstanceOf(Refusal.class).hasMessage("This button is not one I know.");
    }
}
