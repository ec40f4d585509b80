package dev.signoff.promotion;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static dev.signoff.promotion.TestPipelines.D3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@DisplayName("Asking whether a vote would count, before it is cast (a platform asks before its question)")
class ApprovalRefusalTest {

    @Test
    @DisplayName("a promotion: the refusal is the vote's own sentence, an approver gets none, and asking changes nothing")
    void promotion() {
        Core core = new Core();
        core.built(D1);
        core.inDev(D1, "1.4.2");
        PromotionRequest p = core.promotions.promote("alice", "shop", null, "test");
        int audited = core.store.entries(p.id(), 100).size();

        Optional<Refusal> bob = core.promotions.approvalRefusal("bob", p.id(), D1);
        Optional<Refusal> carol = core.promotions.approvalRefusal("carol", p.id(), D1);
        Optional<Refusal> otherDigest = core.promotions.approvalRefusal("carol", p.id(), D2);

        assertThat(carol).isEmpty();
        assertThat(bob).map(Refusal::getMessage).contains("You are not an approver for shop → test; approvers are group:qa.");
        assertThat(otherDigest).map(Refusal::getMessage).get().asString().startsWith("This card was for " + D2.shortForm());
        assertThat(core.promotions.find(p.id()).orElseThrow().approvals()).isZero();
        assertThat(core.store.entries(p.id(), 100)).as("asking writes no audit entry").hasSize(audited);
        assertThat(catchThrowableOfType(Refusal.class, () -> core.promotions.approve("bob", p.id(), D1)))
                .hasMessage(bob.orElseThrow().getMessage());
        assertThat(core.promotions.approvalRefusal("dave", "no-such-id", null)).map(Refusal::getMessage)
                .contains("There is no promotion 'no-such-id'.");
    }

    @Test
    @DisplayName("a release: someone who may not approve one app is told which; after a vote, already voted; a member's id points to its release")
    void release() {
        Core core = new Core(ReleasesTest.config());
        core.registry.push("sandbox/shop:dev", D1);
        core.registry.push("sandbox/cart:dev", D2);
        core.registry.push("sandbox/payments:dev", D3);
        ReleaseRequest r = core.releases.promote("alice", "storefront", null, "test");

        assertThat(core.releases.approvalRefusal("dave", r.id())).map(Refusal::getMessage)
                .contains("You may not approve cart in test; its approvers are carol, erin.");
        assertThat(core.releases.approvalRefusal("carol", r.id())).isEmpty();
        assertThat(core.releases.members(r)).allSatisfy(m -> assertThat(m.approvals()).isZero());

        core.releases.approve("carol", r.id());

        assertThat(core.releases.approvalRefusal("carol", r.id())).map(Refusal::getMessage)
                .contains("You have already voted on release " + r.id() + ".");
        assertThat(core.releases.approvalRefusal("erin", r.id())).isEmpty();
        String member = r.members().getFirst();
        assertThat(core.promotions.approvalRefusal("erin", member, null)).map(Refusal::getMessage)
                .contains("Promotion " + member + " is part of release " + r.id() + "; vote on the release's card, or /signoff approve "
                        + r.id() + ".");
    }
}
