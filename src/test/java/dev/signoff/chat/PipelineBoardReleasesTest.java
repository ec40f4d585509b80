package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.promotion.Core;
import dev.signoff.promotion.TestPipelines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The board's release rows, on the core with in-memory ports (storefront: shop, cart and payments into test). */
@DisplayName("The board's release rows")
class PipelineBoardReleasesTest {
    private final Core core = new Core(TestPipelines.storefront());
    private final ApproverCallsTest.MemoryCards cards = new ApproverCallsTest.MemoryCards();
    private final PipelineBoard board = new PipelineBoard(core.promotions, core.releases, cards, event -> { });

    @Test
    @DisplayName("a release never asked for has no row; once asked for, its latest request shows with each app's digest and state and its card")
    void rows() {
        assertThat(board.board("console").releases()).isEmpty();
        core.registry.push("sandbox/shop:dev", TestPipelines.D1);
        core.registry.push("sandbox/cart:dev", TestPipelines.D2);
        core.registry.push("sandbox/payments:dev", TestPipelines.D3);
        String id = core.releases.promote("alice", "storefront", null, "test").id();
        cards.remember(new PostedCard(id, "console", "store", "m-7", core.clock.instant()));

        Board.ReleaseRow waiting = board.board("console").releases().getFirst();

        assertThat(waiting).isEqualTo(new Board.ReleaseRow("storefront", id, "store", "test", "pending approval", null, "alice",
                List.of(member("shop", 0, TestPipelines.D1.toString(), TestPipelines.D1.shortForm(), "pending approval"),
                        member("cart", 1, TestPipelines.D2.toString(), TestPipelines.D2.shortForm(), "pending approval"),
                        member("payments", 2, TestPipelines.D3.toString(), TestPipelines.D3.shortForm(), "pending approval")),
                "m-7"));
        assertThat(board.board("slack").releases().getFirst().messageId()).as("not posted on Slack").isNull();
        assertThat(board.board("slack").releases().getFirst().channel()).isNull();

        core.releases.approve("carol", id);
        core.releases.approve("erin", id);

        Board.ReleaseRow done = board.board("console").releases().getFirst();
        assertThat(done.status()).isEqualTo("succeeded");
        assertThat(done.statusReason()).startsWith("deployed shop ");
        assertThat(done.members()).extracting(Board.Member::status).containsOnly("succeeded");
    }

    @Test
    @DisplayName("a change in an app that is in a release also changes the release rows; one in another app does not")
    void whichChangesTouchReleases() {
        assertThat(board.inRelease(Set.of("cart"))).isTrue();
        assertThat(board.inRelease(Set.of("billing"))).as("an app in no release").isFalse();
    }

    private Board.Member member(String app, int position, String digest, String shortDigest, String status) {
        String id = core.releases.latest("storefront").orElseThrow().members().get(position);
        return new Board.Member(app, id, digest, shortDigest, status);
    }
}
