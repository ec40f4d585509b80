package dev.signoff.chat;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.TestPipelines;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Card wording: the commit and the pull request")
class CardWordingTest {
    private static final String SHA = "9f3c2d1e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
    private static final PipelineConfig LINKED =
            TestPipelines.withCommitUrl(TestPipelines.shop(), "shop", "https://gitlab.example.com/acme/shop/-/commit/{sha}");

    @Test
    @DisplayName("shows 12 characters and links to the whole commit when the app has a commit URL")
    void linked() {
        Card.Field commit = commitField(CardWording.card(promotion("shop", SHA), LINKED, Map.of())).orElseThrow();

        assertThat(commit.value()).isEqualTo("9f3c2d1e8a7b");
        assertThat(commit.url()).isEqualTo("https://gitlab.example.com/acme/shop/-/commit/" + SHA);
    }

    @Test
    @DisplayName("shows the commit without a link when the app has no commit URL")
    void noTemplate() {
        Card.Field commit = commitField(CardWording.card(promotion("shop", SHA), TestPipelines.shop(), Map.of())).orElseThrow();

        assertThat(commit.value()).isEqualTo("9f3c2d1e8a7b");
        assertThat(commit.url()).isNull();
    }

    @Test
    @DisplayName("shows no commit, and so no link, when the promotion has none")
    void noCommit() {
        Card card = CardWording.card(promotion("shop", null), LINKED, Map.of());

        assertThat(commitField(card)).isEmpty();
        assertThat(card.fields()).allSatisfy(f -> assertThat(f.url()).isNull());
    }

    @Test
    @DisplayName("shows the commit without a link when the app is no longer configured")
    void appGone() {
        Card.Field commit = commitField(CardWording.card(promotion("gone", SHA), LINKED, Map.of())).orElseThrow();

        assertThat(commit.url()).isNull();
    }

    @Test
    @DisplayName("a card field links only to an http or https URL")
    void onlyWebLinks() {
        assertThat(new Card.Field("Commit", "c0ffee1", "HTTPS://example.com/c0ffee1").url()).isEqualTo("HTTPS://example.com/c0ffee1");
        assertThatThrownBy(() -> new Card.Field("Commit", "c0ffee1", "javascript:alert(1)//https://example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }

    @Test
    @DisplayName("links to the pull request the commit step opened, while it waits and once it is merged")
    void pullRequest() {
        PromotionRequest p = promotion("shop", SHA);
        p.start(TestPipelines.WEDNESDAY.plusSeconds(1));
        p.stepStarted("commit", "", TestPipelines.WEDNESDAY.plusSeconds(2));
        p.stepProgressed("commit", "pull request #12: https://github.com/acme/deploy/pull/12 waits to be merged into main",
                TestPipelines.WEDNESDAY.plusSeconds(3));

        assertThat(CardWording.card(p, LINKED, Map.of()).fields()).contains(
                new Card.Field("Pull request", "#12", "https://github.com/acme/deploy/pull/12"));

        p.stepDone("commit", "merged merge request !7: https://gitlab.example.com/acme/deploy/-/merge_requests/7 as 0123456789ab into main",
                "commit 0123456789abcdef", TestPipelines.WEDNESDAY.plusSeconds(4));
        assertThat(CardWording.card(p, LINKED, Map.of()).fields()).contains(
                new Card.Field("Merge request", "!7", "https://gitlab.example.com/acme/deploy/-/merge_requests/7"))
                .noneMatch(f -> f.label().equals("Pull request"));
    }

    private static Optional<Card.Field> commitField(Card card) {
        return card.fields().stream().filter(f -> f.label().equals("Commit")).findFirst();
    }

    private static PromotionRequest promotion(String app, String commit) {
        var draft = new PromotionRequest.Draft("k3f9x2ab", PromotionKind.PROMOTE, app, "release", "prod",
                ImageRef.parse("enterprise/shop:release"), ImageRef.parse("enterprise/shop:prod"), Digest.sha256Of("shop 1.4.2"),
                commit, "alice", null);
        return PromotionRequest.open(draft, ApprovalPolicy.none(), TestPipelines.WEDNESDAY);
    }
}
