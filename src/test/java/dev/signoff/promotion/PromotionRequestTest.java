package dev.signoff.promotion;


import dev.signoff.promotion.spi.GroupDirectory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A promotion request")
class PromotionRequestTest {
    private final PipelineConfig config = TestPipelines.shop();
    /** Who may vote, from the listed members only: these tests are about the aggregate's rules. */
    private final Approvers approvers = new Approvers(config, GroupDirectory.NONE);
    private final Instant now = TestPipelines.WEDNESDAY;
    private final ApprovalPolicy prodPolicy = config.app("shop").orElseThrow().stage("prod").orElseThrow().approval();
    private final ApprovalPolicy testPolicy = config.app("shop").orElseThrow().stage("test").orElseThrow().approval();

    private PromotionRequest open(ApprovalPolicy policy, String requester) {
        var draft = new PromotionRequest.Draft("p1", PromotionKind.PROMOTE, "shop", "release", "prod",
                ImageRef.parse("enterprise/shop:release"), ImageRef.parse("enterprise/shop:prod"), D1, "abc", requester, null);
        return PromotionRequest.open(draft, policy, now);
    }

    @Nested
    @DisplayName("approval rules")
    class Approvals {
        @Test
        @DisplayName("needs N of M approvals from the named people and groups")
        void nOfM() {
            PromotionRequest p = open(prodPolicy, "alice");
            assertThat(p.approve("bob", D1, prodPolicy, approvers.of(prodPolicy, "bob"), now)).isFalse();
            assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
            assertThat(p.approve("erin", D1, prodPolicy, approvers.of(prodPolicy, "erin"), now)).isTrue();
            assertThat(p.status()).isEqualTo(PromotionStatus.APPROVED);
            assertThat(p.approvals()).isEqualTo(2);
            assertThat(p.isApprovedBy("bob")).isTrue();
        }

        @Test
        @DisplayName("refuses someone who is not an approver, naming the approvers")
        void notAnApprover() {
            PromotionRequest p = open(prodPolicy, "alice");
            assertThatThrownBy(() -> p.approve("carol", D1, prodPolicy, approvers.of(prodPolicy, "carol"), now))
                    .isInstanceOf(Refusal.class).hasMessageContaining("not an approver").hasMessageContaining("group:release");
            assertThat(p.votes()).isEmpty();
        }

        @Test
        @DisplayName("a requester cannot approve their own promotion when self-approval is off")
        void noSelfApproval() {
            PromotionRequest p = open(prodPolicy, "bob");
            assertThatThrownBy(() -> p.approve("bob", D1, prodPolicy, approvers.of(prodPolicy, "bob"), now))
                    .isInstanceOf(Refusal.class).hasMessageContaining("You asked for this promotion");
            assertThat(p.approvals()).isZero();
        }

        @Test
        @DisplayName("a requester may approve their own promotion when self-approval is on")
        void selfApprovalAllowed() {
            ApprovalPolicy policy = new ApprovalPolicy(1, List.of("group:qa"), true, null);
            PromotionRequest p = open(policy, "carol");
            assertThat(p.approve("carol", D1, policy, approvers.of(policy, "carol"), now)).isTrue();
        }

        @Test
        @DisplayName("one vote per person: a second approval is refused and not counted")
        void onceEach() {
            PromotionRequest p = open(prodPolicy, "alice");
            p.approve("bob", D1, prodPolicy, approvers.of(prodPolicy, "bob"), now);
            assertThatThrownBy(() -> p.approve("bob", D1, prodPolicy, approvers.of(prodPolicy, "bob"), now))
                    .isInstanceOf(Refusal.class).hasMessageContaining("already voted");
            assertThat(p.approvals()).isEqualTo(1);
        }

        @Test
        @DisplayName("a vote is bound to the digest on the card: another digest is refused")
        void digestBound() {
            PromotionRequest p = open(prodPolicy, "alice");
            assertThatThrownBy(() -> p.approve("bob", D2, prodPolicy, approvers.of(prodPolicy, "bob"), now))
                    .isInstanceOf(Refusal.class).hasMessageContaining(D2.shortForm()).hasMessageContaining(D1.shortForm());
            assertThat(p.votes()).isEmpty();
        }

        @Test
        @DisplayName("an expired promotion refuses votes and can be expired")
        void expiry() {
            PromotionRequest p = open(prodPolicy, "alice");
            Instant later = now.plus(Duration.ofHours(24));
            assertThat(p.isExpiredAt(later)).isTrue();
            assertThatThrownBy(() -> p.approve("bob", D1, prodPolicy, approvers.of(prodPolicy, "bob"), later)).isInstanceOf(Refusal.class).hasMessageContaining("expired");
            p.expire(later);
            assertThat(p.status()).isEqualTo(PromotionStatus.EXPIRED);
        }

        @Test
        @DisplayName("cannot expire before its time")
        void notYetExpired() {
            PromotionRequest p = open(prodPolicy, "alice");
            assertThatThrownBy(() -> p.expire(now.plusSeconds(60))).isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("a reject needs a reason and ends the promotion with it")
        void reject() {
            PromotionRequest p = open(testPolicy, "alice");
            assertThatThrownBy(() -> p.reject("carol", " ", D1, testPolicy, approvers.of(testPolicy, "carol"), now)).isInstanceOf(Refusal.class).hasMessageContaining("reason");
            p.reject("carol", "login page broken", D1, testPolicy, approvers.of(testPolicy, "carol"), now);
            assertThat(p.status()).isEqualTo(PromotionStatus.REJECTED);
            assertThat(p.statusReason()).isEqualTo("login page broken");
            assertThat(p.rejection()).get().extracting(Vote::person).isEqualTo("carol");
        }

        @Test
        @DisplayName("approval none approves at once")
        void automatic() {
            PromotionRequest p = open(ApprovalPolicy.none(), "alice");
            assertThat(p.status()).isEqualTo(PromotionStatus.APPROVED);
            assertThat(p.expiresAt()).isNull();
        }

        @Test
        @DisplayName("every transition records an event and an audit entry")
        void recordsEverything() {
            PromotionRequest p = open(prodPolicy, "alice");
            p.approve("bob", D1, prodPolicy, approvers.of(prodPolicy, "bob"), now);
            p.approve("erin", D1, prodPolicy, approvers.of(prodPolicy, "erin"), now);
            assertThat(p.drainEvents()).extracting(e -> e.getClass().getSimpleName())
                    .containsExactly("PromotionRequested", "VoteCast", "VoteCast", "PromotionDecided");
            assertThat(p.drainAudit()).extracting(AuditEntry::action).containsExactly("request", "vote", "vote", "approve");
        }
    }

    @Nested
    @DisplayName("state machine")
    class StateMachine {
        private PromotionRequest approved() {
            return open(ApprovalPolicy.none(), "alice");
        }

        @Test
        @DisplayName("runs approved → running (copy, deploy, verify) → succeeded, naming the running step")
        void happyPath() {
            PromotionRequest p = approved();
            p.start(now);
            for (String step : List.of("copy", "deploy", "verify")) {
                p.stepStarted(step, null, now);
                assertThat(p.status()).isEqualTo(PromotionStatus.RUNNING);
                assertThat(p.runningStep()).get().extracting(Step::name).isEqualTo(step);
                p.stepDone(step, "ok", now);
            }
            p.succeed("done", now);
            assertThat(p.status()).isEqualTo(PromotionStatus.SUCCEEDED);
            assertThat(p.status().isTerminal()).isTrue();
        }

        @Test
        @DisplayName("refuses each illegal move with a sentence that says why")
        void illegalMoves() {
            illegal(p -> p.start(now), open(prodPolicy, "alice"), "cannot start: it is pending approval");
            illegal(p -> p.stepStarted("verify", null, now), approved(), "cannot start step verify: it is approved, not running");
            illegal(p -> p.succeed("x", now), approved(), "cannot succeed: it is approved");
            illegal(p -> p.rollBack("x", now), approved(), "cannot be rolled back");
            PromotionRequest done = approved();
            done.start(now);
            done.succeed("ok", now);
            illegal(p -> p.fail("x", now), done, "cannot fail: it is succeeded");
            assertThatThrownBy(() -> done.cancel("bob", "x", now)).isInstanceOf(Refusal.class)
                    .hasMessageContaining("is succeeded and can no longer be cancelled");
            assertThat(done.canBeCancelled()).isFalse();
            illegal(p -> p.start(now), done, "cannot start");
            illegal(p -> p.stepStarted("copy", null, now), done, "not running");
            illegal(p -> p.expire(now.plus(Duration.ofDays(2))), done, "cannot expire");
            PromotionRequest rejected = open(testPolicy, "alice");
            rejected.reject("carol", "no", D1, testPolicy, approvers.of(testPolicy, "carol"), now);
            illegal(p -> p.start(now), rejected, "cannot start: it is rejected");
            assertThatThrownBy(() -> rejected.approve("dave", D1, testPolicy, approvers.of(testPolicy, "dave"), now))
                    .isInstanceOf(Refusal.class).hasMessageContaining("no longer waiting for approval: it is rejected");
        }

        private void illegal(Consumer<PromotionRequest> move, PromotionRequest p, String message) {
            PromotionStatus before = p.status();
            assertThatThrownBy(() -> move.accept(p)).isInstanceOf(IllegalStateException.class).hasMessageContaining(message);
            assertThat(p.status()).isEqualTo(before);
        }

        @Test
        @DisplayName("a failed rollout that was put back ends rolled back with the reason")
        void rolledBack() {
            PromotionRequest p = approved();
            p.start(now);
            p.rollBack("ProgressDeadlineExceeded; rolled back", now);
            assertThat(p.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
            assertThat(p.statusReason()).contains("ProgressDeadlineExceeded");
        }

        @Test
        @DisplayName("steps record start, progress and end")
        void steps() {
            PromotionRequest p = approved();
            p.start(now);
            p.stepStarted("copy", "a → b", now);
            p.stepProgressed("copy", "1 MB of 2 MB", now);
            assertThat(p.currentStep()).get().extracting(Step::detail).isEqualTo("1 MB of 2 MB");
            p.stepDone("copy", "copied", now);
            assertThat(p.steps()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(Step.State.DONE);
                assertThat(s.finishedAt()).isEqualTo(now);
            });
            assertThatThrownBy(() -> p.stepDone("copy", "again", now)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no running step");
        }
    }
}
