package dev.signoff.chat;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.TestPipelines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Card wording: the question Approve asks first")
class CardConfirmationTest {
    private static final Map<ButtonAction, String> TOKENS = Map.of(ButtonAction.APPROVE, "token-a", ButtonAction.REJECT, "token-r");
    private static final Digest DIGEST = Digest.sha256Of("shop 1.4.2");

    @Test
    @DisplayName("a stage that confirms (prod: two approvals) puts the question on Approve only")
    void asksOnApprove() {
        Card card = CardWording.card(waiting(PromotionKind.PROMOTE, "prod"), TestPipelines.shop(), TOKENS);

        Card.Button approve = button(card, ButtonAction.APPROVE);
        assertThat(approve.confirm()).isEqualTo(new Card.Confirmation("Confirm your approval",
                "Approve promotion of shop " + DIGEST.shortForm() + " to prod?", "Approve", "Cancel"));
        assertThat(DIGEST.shortForm()).matches("sha256:[0-9a-f]{12}");
        assertThat(button(card, ButtonAction.REJECT).confirm()).isNull();
    }

    @Test
    @DisplayName("a stage that does not confirm (release: one approval) asks nothing")
    void asksNothing() {
        Card card = CardWording.card(waiting(PromotionKind.PROMOTE, "release"), TestPipelines.shop(), TOKENS);

        assertThat(button(card, ButtonAction.APPROVE).confirm()).isNull();
    }

    @Test
    @DisplayName("a rollback and a sunset ask in their own words")
    void otherKinds() {
        assertThat(CardWording.confirmation(waiting(PromotionKind.ROLLBACK, "prod")).question())
                .isEqualTo("Approve rollback of shop in prod to " + DIGEST.shortForm() + "?");
        assertThat(CardWording.confirmation(waiting(PromotionKind.SUNSET, "prod")).question())
                .isEqualTo("Approve sunset of shop in prod?");
    }

    private static Card.Button button(Card card, ButtonAction action) {
        return card.buttons().stream().filter(b -> b.action() == action).findFirst().orElseThrow();
    }

    private static PromotionRequest waiting(PromotionKind kind, String stage) {
        var draft = new PromotionRequest.Draft("k3f9x2ab", kind, "shop", "test", stage,
                ImageRef.parse("enterprise/shop:test"), ImageRef.parse("enterprise/shop:" + stage), DIGEST,
                null, "alice", null);
        return PromotionRequest.open(draft, TestPipelines.shop().stage("shop", stage).orElseThrow().approval(), TestPipelines.WEDNESDAY);
    }
}
