package dev.signoff.promotion;


import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.signoff.promotion.TestPipelines.D1;
import static dev.signoff.promotion.TestPipelines.D2;
import static dev.signoff.promotion.TestPipelines.D3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Promotions, the application service")
class PromotionsTest {
    private final Core core = new Core();
    private final Promotions promotions = core.promotions;

    @Nested
    @DisplayName("asking for a promotion")
    class Asking {
        @Test
        @DisplayName("into the first stage needs the image named, and runs at once when no approval is needed")
        void firstStage() {
            assertThatThrownBy(() -> promotions.promote("alice", "shop", null, "dev"))
                    .isInstanceOf(Refusal.class).hasMessageContaining("first stage").hasMessageContaining("/signoff promote shop <tag> to dev");
            core.registry.push("sandbox/shop:1.4.2", D1);
            PromotionRequest p = promotions.promote("alice", "shop", "1.4.2", "dev");
            PromotionRequest done = promotions.find(p.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
            assertThat(done.digest()).isEqualTo(D1);
            assertThat(core.registry.tags.get("sandbox/shop:dev")).isEqualTo(D1);
            assertThat(core.deployer.images.get("dev/shop/deployment/shop")).isEqualTo("sandbox/shop@" + D1);
            assertThat(promotions.status("shop").stages().getFirst().current().digest()).isEqualTo(D1);
        }

        @Test
        @DisplayName("into a later stage takes, by digest, what the previous stage runs")
        void previousStage() {
            core.built(D1);
            core.inDev(D1, "1.4.2");
            PromotionRequest p = promotions.promote("alice", "shop", null, "test");
            assertThat(p.status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
            assertThat(p.digest()).isEqualTo(D1);
            assertThat(p.source()).hasToString("sandbox/shop:dev");
            assertThat(p.commit()).isEqualTo("abc1234");
            assertThat(p.plan().next()).isEqualTo("enterprise/shop@" + D1);
        }

        @Test
        @DisplayName("unknown apps and stages are refused with the known ones listed")
        void unknownNames() {
            assertThatThrownBy(() -> promotions.promote("alice", "shoop", "1", "dev")).isInstanceOf(Refusal.class)
                    .hasMessage("I don't know an app called 'shoop'. Apps: shop.");
            assertThatThrownBy(() -> promotions.promote("alice", "shop", "1", "staging")).isInstanceOf(Refusal.class)
                    .hasMessage("shop has no stage 'staging'. Stages: dev, test, release, prod.");
        }

        @Test
        @DisplayName("a tag the registry does not know is refused with the registry's words")
        void unknownTag() {
            assertThatThrownBy(() -> promotions.promote("alice", "shop", "9.9.9", "dev")).isInstanceOf(Refusal.class)
                    .hasMessageContaining("could not look up sandbox/shop:9.9.9").hasMessageContaining("not found");
        }

        @Test
        @DisplayName("the ci gate needs a passing build of the digest")
        void ciGate() {
            core.inDev(D1, "1.4.2");
            assertThatThrownBy(() -> promotions.promote("alice", "shop", null, "test")).isInstanceOf(Refusal.class)
                    .hasMessageContaining("Gate ci: no CI build is recorded for " + D1.shortForm());
            promotions.recordBuild(new Build("shop", D1, null, "abc", "main", false, null, "test", core.clock.instant()));
            assertThatThrownBy(() -> promotions.promote("alice", "shop", null, "test")).isInstanceOf(Refusal.class)
                    .hasMessageContaining("failed");
        }

        @Test
        @DisplayName("the soak gate needs the digest to have run long enough in the previous stage")
        void soakGate() {
            core.built(D1);
            core.registry.push("sandbox/shop:1.4.2", D1);
            promotions.promote("alice", "shop", "1.4.2", "dev");
            core.clock.advance(Duration.ofMinutes(12));
            assertThatThrownBy(() -> promotions.promote("alice", "shop", null, "test")).isInstanceOf(Refusal.class)
                    .hasMessage("Gate soak: " + D1.shortForm() + " has run in dev for 12m; test needs 30m (ready in 18m).");
            core.clock.advance(Duration.ofMinutes(18));
            assertThat(promotions.promote("alice", "shop", null, "test").status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        }

        @Test
        @DisplayName("a locked stage refuses promotions, naming who locked it and why")
        void locked() {
            promotions.lock("bob", "shop", "dev", "incident 42");
            core.registry.push("sandbox/shop:1.4.2", D1);
            assertThatThrownBy(() -> promotions.promote("alice", "shop", "1.4.2", "dev")).isInstanceOf(Refusal.class)
                    .hasMessage("shop dev is locked by bob (incident 42). Unlock it with /signoff unlock shop dev.");
            assertThatThrownBy(() -> promotions.lock("carol", "shop", "dev", null)).isInstanceOf(Refusal.class)
                    .hasMessageContaining("already locked by bob");
            assertThat(promotions.unlock("alice", "shop", "dev")).isTrue();
            assertThat(promotions.promote("alice", "shop", "1.4.2", "dev").digest()).isEqualTo(D1);
        }

        @Test
        @DisplayName("a frozen stage refuses promotions until the window ends, in the window's time zone")
        void frozen() {
            core.registry.push("enterprise/shop:release", D1);
            core.clock.set(Instant.parse("2026-11-20T15:30:00Z")); // Friday 16:30 in Berlin
            assertThatThrownBy(() -> promotions.promote("alice", "shop", null, "prod")).isInstanceOf(Refusal.class)
                    .hasMessage("shop prod is frozen (Fri 16:00-Mon 08:00 Europe/Berlin) until Mon 08:00 Europe/Berlin.");
        }

        @Test
        @DisplayName("a second request for the same digest and stage points at the first")
        void duplicate() {
            core.registry.push("enterprise/shop:release", D1);
            PromotionRequest first = promotions.promote("alice", "shop", null, "prod");
            assertThatThrownBy(() -> promotions.promote("carol", "shop", null, "prod")).isInstanceOf(Refusal.class)
                    .hasMessageContaining("Promotion " + first.id() + " already asks");
        }

        @Test
        @DisplayName("refusals are written to the audit log")
        void refusalsAudited() {
            assertThatThrownBy(() -> promotions.promote("alice", "shoop", "1", "dev")).isInstanceOf(Refusal.class);
            assertThat(core.store.entries(null, 100)).anySatisfy(e -> {
                assertThat(e.actor()).isEqualTo("alice");
                assertThat(e.outcome()).isEqualTo("refused");
                assertThat(e.detail()).contains("shoop");
            });
        }
    }

    @Nested
    @DisplayName("voting")
    class Voting {
        private PromotionRequest toProd() {
            core.registry.push("enterprise/shop:release", D1);
            return promotions.promote("alice", "shop", null, "prod");
        }

        @Test
        @DisplayName("two approvals from release run the promotion to the end")
        void approvedRuns() {
            PromotionRequest p = toProd();
            promotions.approve("bob", p.id(), D1);
            assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
            promotions.approve("erin", p.id(), D1);
            PromotionRequest done = promotions.find(p.id()).orElseThrow();
            assertThat(done.status()).isEqualTo(PromotionStatus.SUCCEEDED);
            assertThat(done.steps()).extracting(Step::name).containsExactly("copy", "deploy", "verify");
            assertThat(core.registry.tags.get("enterprise/shop:prod")).isEqualTo(D1);
        }

        @Test
        @DisplayName("a moved source tag voids the votes and says so")
        void sourceMoved() {
            PromotionRequest p = toProd();
            promotions.approve("bob", p.id(), D1);
            core.registry.push("enterprise/shop:release", D2);
            assertThatThrownBy(() -> promotions.approve("erin", p.id(), D1)).isInstanceOf(Refusal.class)
                    .hasMessageContaining("enterprise/shop:release moved to " + D2.shortForm())
                    .hasMessageContaining("no longer count");
            PromotionRequest after = promotions.find(p.id()).orElseThrow();
            assertThat(after.status()).isEqualTo(PromotionStatus.CANCELLED);
            assertThat(core.registry.copies).isEmpty();
        }

        @Test
        @DisplayName("when a stage gets a new image, cards taking its old one onward are cancelled")
        void newerImageVoidsCards() {
            core.built(D1);
            core.built(D2);
            core.inDev(D1, "1");
            PromotionRequest toTest = promotions.promote("alice", "shop", null, "test");
            core.inDev(D2, "2");
            PromotionRequest after = promotions.find(toTest.id()).orElseThrow();
            assertThat(after.status()).isEqualTo(PromotionStatus.CANCELLED);
            assertThat(after.statusReason()).contains("sandbox/shop:dev moved to " + D2.shortForm());
        }

        @Test
        @DisplayName("a request of another digest supersedes the two cards waiting in the stage, with an audit entry each")
        void superseded() {
            core.registry.push("enterprise/shop:release", D1);
            PromotionRequest first = promotions.promote("alice", "shop", D1.toString(), "prod");
            PromotionRequest second = promotions.promote("carol", "shop", D2.toString(), "prod");
            assertThat(promotions.find(first.id()).orElseThrow().statusReason()).isEqualTo("superseded by " + second.id());
            PromotionRequest third = promotions.promote("dave", "shop", D3.toString(), "prod");

            for (PromotionRequest old : java.util.List.of(first, second)) {
                PromotionRequest after = promotions.find(old.id()).orElseThrow();
                assertThat(after.status()).isEqualTo(PromotionStatus.CANCELLED);
                assertThat(after.statusReason()).isEqualTo("superseded by " + (old == first ? second.id() : third.id()));
                assertThatThrownBy(() -> promotions.approve("bob", old.id(), old.digest())).isInstanceOf(Refusal.class)
                        .hasMessageContaining("no longer waiting").hasMessageContaining("superseded by");
            }
            assertThat(promotions.find(third.id()).orElseThrow().status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
            assertThat(core.store.entries(null, 1000)).filteredOn(e -> e.action().equals("supersede"))
                    .extracting(AuditEntry::promotionId, AuditEntry::actor, AuditEntry::detail)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(first.id(), "carol", "superseded by " + second.id() + " (" + D2.shortForm() + ")"),
                            org.assertj.core.groups.Tuple.tuple(second.id(), "dave", "superseded by " + third.id() + " (" + D3.shortForm() + ")"));
        }

        @Test
        @DisplayName("with supersede: false on the stage, waiting cards of other digests stay open")
        void supersedeOff() {
            Core kept = new Core(TestPipelines.withStage(TestPipelines.shop(), "prod",
                    s -> new Stage(s.name(), s.image(), s.deploy(), s.approval(), s.gates(), s.freeze(), s.analysis(), s.expose(), s.copyAttachments(), s.attest(), false)));
            PromotionRequest first = kept.promotions.promote("alice", "shop", D1.toString(), "prod");
            PromotionRequest second = kept.promotions.promote("carol", "shop", D2.toString(), "prod");
            assertThat(kept.promotions.find(first.id()).orElseThrow().status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
            assertThat(kept.promotions.find(second.id()).orElseThrow().status()).isEqualTo(PromotionStatus.PENDING_APPROVAL);
        }

        @Test
        @DisplayName("an expired card refuses votes and is closed")
        void expired() {
            PromotionRequest p = toProd();
            core.clock.advance(Duration.ofHours(25));
            assertThatThrownBy(() -> promotions.approve("bob", p.id(), D1)).isInstanceOf(Refusal.class).hasMessageContaining("expired");
            assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.EXPIRED);
        }

        @Test
        @DisplayName("the expiry sweep closes cards nobody clicked")
        void sweep() {
            PromotionRequest p = toProd();
            assertThat(promotions.expireDue()).isZero();
            core.clock.advance(Duration.ofHours(24));
            assertThat(promotions.expireDue()).isEqualTo(1);
            assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.EXPIRED);
        }

        @Test
        @DisplayName("the requester can cancel; others who may not approve cannot")
        void cancel() {
            PromotionRequest p = toProd();
            assertThatThrownBy(() -> promotions.cancel("carol", p.id())).isInstanceOf(Refusal.class).hasMessageContaining("Only alice");
            promotions.cancel("alice", p.id());
            assertThat(promotions.find(p.id()).orElseThrow().status()).isEqualTo(PromotionStatus.CANCELLED);
        }

        @Test
        @DisplayName("an unknown promotion id is answered in words")
        void unknownId() {
            assertThatThrownBy(() -> promotions.approve("bob", "nope", null)).isInstanceOf(Refusal.class).hasMessage("There is no promotion 'nope'.");
        }
    }
}
