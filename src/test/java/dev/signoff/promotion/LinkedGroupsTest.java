package dev.signoff.promotion;

import dev.signoff.promotion.spi.GroupDirectory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.signoff.promotion.TestPipelines.D1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The release group lists bob and is linked to the Slack user group S0RELEASE; prod needs two
 * of its approvals. Everyone's Slack id is U-&lt;name&gt;.
 */
@DisplayName("Approver groups linked to a Slack user group")
class LinkedGroupsTest {
    private static final Group RELEASE = new Group("release", List.of("bob"), Map.of("slack", "S0RELEASE"));
    private static final String UNREADABLE = "I could not read the Slack user group S0RELEASE (Slack usergroups.users.list failed: 503);"
            + " try again in a minute.";

    private final Core core = new Core(TestPipelines.shop(RELEASE));
    private final Promotions promotions = core.promotions;

    private PromotionRequest toProd() {
        core.registry.push("enterprise/shop:release", D1);
        return promotions.promote("alice", "shop", null, "prod");
    }

    @Test
    @DisplayName("a person who is only in the Slack user group may approve")
    void memberOfTheSlackGroupApproves() {
        core.directory.slackGroup("S0RELEASE", "U-dave", "U-someone-not-in-people");
        PromotionRequest p = toProd();

        promotions.approve("bob", p.id(), D1);
        PromotionRequest after = promotions.approve("dave", p.id(), D1);

        assertThat(after.approvers()).containsExactly("bob", "dave");
        assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("a person in neither the list nor the Slack user group is refused, with the approvers named")
    void outsiderRefused() {
        core.directory.slackGroup("S0RELEASE", "U-dave");
        PromotionRequest p = toProd();

        assertThatThrownBy(() -> promotions.approve("carol", p.id(), D1)).isInstanceOf(Refusal.class)
                .hasMessage("You are not an approver for shop → prod; approvers are group:release.");
        assertThat(promotions.find(p.id()).orElseThrow().votes()).isEmpty();
    }

    @Test
    @DisplayName("when the Slack user group cannot be read, a vote that needs it is refused in plain words and not counted")
    void unreadableGroupRefuses() {
        core.directory.unreadable("S0RELEASE", "Slack usergroups.users.list failed: 503");
        PromotionRequest p = toProd();

        assertThatThrownBy(() -> promotions.approve("dave", p.id(), D1)).isInstanceOf(Refusal.class).hasMessage(UNREADABLE);
        assertThatThrownBy(() -> promotions.reject("dave", p.id(), "not now", D1)).isInstanceOf(Refusal.class).hasMessage(UNREADABLE);

        PromotionRequest after = promotions.find(p.id()).orElseThrow();
        assertThat(after.votes()).isEmpty();
        assertThat(after.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        assertThat(core.store.entries(null, 100)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("dave");
            assertThat(e.outcome()).isEqualTo("refused");
            assertThat(e.detail()).isEqualTo(UNREADABLE);
        });
    }

    @Test
    @DisplayName("the listed members still count when the Slack user group cannot be read")
    void listedMembersCountWithoutTheDirectory() {
        core.directory.unreadable("S0RELEASE", "Slack usergroups.users.list failed: 503");
        PromotionRequest p = toProd();

        assertThat(promotions.approve("bob", p.id(), D1).approvals()).isEqualTo(1);
    }

    @Test
    @DisplayName("cancelling follows the same membership: a Slack group member may, and an unreadable group is said so")
    void cancelFollowsMembership() {
        core.directory.unreadable("S0RELEASE", "Slack usergroups.users.list failed: 503");
        PromotionRequest p = toProd();
        assertThatThrownBy(() -> promotions.cancel("dave", p.id())).isInstanceOf(Refusal.class).hasMessage(UNREADABLE);

        core.directory.slackGroup("S0RELEASE", "U-dave");
        promotions.cancel("dave", p.id());
        assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.CANCELLED);
    }

    @Test
    @DisplayName("with no directory for Slack (Slack is off), only the listed members count")
    void noDirectory() {
        ApprovalPolicy prod = core.config.app("shop").orElseThrow().stage("prod").orElseThrow().approval();
        Approvers approvers = new Approvers(core.config, GroupDirectory.NONE);

        assertThat(approvers.of(prod, "bob")).isEqualTo(Eligibility.APPROVER);
        assertThat(approvers.of(prod, "dave")).isEqualTo(Eligibility.NOT_APPROVER);
    }
}
