package dev.signoff.promotion;

import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.promotion.steps.StepContext;
import dev.signoff.promotion.steps.StepKind;
import dev.signoff.promotion.steps.Undo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.signoff.promotion.TestPipelines.D1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@DisplayName("A stage's plan of steps")
class StepPlanTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    /** A step kind that records what it does, may fail, and undoes itself by putting something back. */
    private StepKind recording(String name, boolean fails, boolean undoable) {
        return new StepKind() {
            public String name() {
                return name;
            }

            public String describe(StepContext step) {
                return "test " + name;
            }

            public String run(StepContext step, ProgressListener progress) {
                log.add("run " + name + (step.resumed() ? " again" : ""));
                if (fails) {
                    throw new StepFailure(name + " broke", false);
                }
                step.remember(name + "-memo");
                return name + " done";
            }

            public boolean leavesMemo() {
                return undoable;
            }

            public Undo undo(StepContext step) {
                if (!undoable) {
                    return Undo.NOTHING;
                }
                String memo = step.memoOf(name).orElseThrow();
                return new Undo.PutBack("undoing " + name, progress -> {
                    log.add("undo " + name + " with " + memo);
                    return name + " put back";
                });
            }
        };
    }

    @Test
    @DisplayName("is made from the stage's keys: copy, then deploy and verify where it deploys; a sunset takes the workload and its monitoring out, then the tag")
    void madeFromKeys() {
        PipelineConfig config = TestPipelines.shop();
        assertThat(config.requireStage("shop", "dev").steps(PromotionKind.PROMOTE)).containsExactly("copy", "deploy", "verify");
        assertThat(config.requireStage("shop", "release").steps(PromotionKind.PROMOTE)).containsExactly("copy");
        assertThat(config.requireStage("shop", "dev").steps(PromotionKind.SUNSET)).containsExactly("decommission", "stop monitoring", "delete tag");
        assertThat(config.requireStage("shop", "release").steps(PromotionKind.SUNSET)).containsExactly("delete tag");
    }

    @Test
    @DisplayName("of an exposed stage ends with expose after verify, and its sunset takes the edge away first")
    void exposed() {
        Stage dev = TestPipelines.exposed(TestPipelines.shop(), "dev", TestPipelines.TUNNELLED).requireStage("shop", "dev");
        assertThat(dev.steps(PromotionKind.PROMOTE)).containsExactly("copy", "deploy", "verify", "expose");
        assertThat(dev.steps(PromotionKind.ROLLBACK)).containsExactly("copy", "deploy", "verify", "expose");
        assertThat(dev.steps(PromotionKind.SUNSET)).containsExactly("unexpose", "decommission", "stop monitoring", "delete tag");
    }

    /** shop's dev stage deploying through GitOps instead of to its workload, with analysis and exposure when given. */
    private static PipelineConfig gitops(GitDeploy.Controller controller, Analysis analysis, Exposure exposure) {
        PipelineConfig config = TestPipelines.shop();
        GitRepo repo = new GitRepo("deploy-repo", "https://git.example.com/acme/deploy.git", "main", "env:GIT_TOKEN", false,
                "Signoff", "signoff@example.com", GitRepo.Provider.GITHUB, null, null);
        GitDeploy git = new GitDeploy(repo, "envs/dev/kustomization.yaml", new GitDeploy.KustomizeImage("shop"), false, controller,
                java.time.Duration.ofMinutes(10));
        AppConfig shop = config.requireApp("shop");
        List<Stage> stages = shop.stages().stream().map(s -> !s.name().equals("dev") ? s
                : new Stage(s.name(), s.image(), null, s.approval(), s.gates(), s.freeze(), analysis, exposure, null, false, true, git)).toList();
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(),
                java.util.Map.of("shop", new AppConfig(shop.name(), shop.channels(), stages, shop.source(), shop.commitUrl())));
    }

    private static final GitDeploy.Controller ARGO = new GitDeploy.Controller(GitDeploy.Controller.Kind.ARGOCD, "dev", "argocd", "shop-dev");

    @Test
    @DisplayName("of a GitOps stage commits instead of deploying, syncs when it names a controller, and exposes after; analysis is refused")
    void gitopsPlan() {
        assertThat(gitops(ARGO, null, null).requireStage("shop", "dev").steps(PromotionKind.PROMOTE)).containsExactly("copy", "commit", "sync");
        assertThat(gitops(null, null, null).requireStage("shop", "dev").steps(PromotionKind.PROMOTE)).containsExactly("copy", "commit");
        Stage exposed = gitops(ARGO, null, TestPipelines.TUNNELLED).requireStage("shop", "dev");
        assertThat(exposed.steps(PromotionKind.ROLLBACK)).containsExactly("copy", "commit", "sync", "expose");
        assertThat(exposed.steps(PromotionKind.SUNSET)).containsExactly("unexpose", "delete tag");
        assertThat(exposed.publishesOnly()).isFalse();
        Analysis analysis = new Analysis("main", java.time.Duration.ofSeconds(30), 4, List.of(new AnalysisQuery("errors", "up", 1.0, null, 0)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gitops(ARGO, analysis, null))
                .hasMessage("stage dev deploys through GitOps, where Signoff does not know the workload its analysis measures");
    }

    @Test
    @DisplayName("of a GitOps stage: the plan comes from the GitOps planner; a failed sync undoes the commit and the promotion ends rolled back")
    void gitopsRun() {
        Core core = new Core(gitops(ARGO, null, null), List.of(recording("commit", false, true), recording("sync", true, false)));
        core.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = core.promotions.find(core.promotions.promote("alice", "shop", "1", "dev").id()).orElseThrow();

        assertThat(p.plan().note()).isEqualTo("commit to envs/dev/kustomization.yaml");
        assertThat(log).containsExactly("run commit", "run sync", "undo commit with commit-memo");
        assertThat(p.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(p.statusReason()).isEqualTo("sync broke; commit put back");
    }

    @Test
    @DisplayName("of a GitOps stage that succeeds says where the digest was committed")
    void gitopsSucceeds() {
        Core core = new Core(gitops(null, null, null), List.of(recording("commit", false, true)));
        core.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = core.promotions.find(core.promotions.promote("alice", "shop", "1", "dev").id()).orElseThrow();

        assertThat(p.status()).isEqualTo(PromotionStatus.SUCCEEDED);
        assertThat(p.statusReason()).isEqualTo("deployed " + D1.shortForm() + " to envs/dev/kustomization.yaml in git repository deploy-repo");
    }

    @Test
    @DisplayName("when a step fails, the finished steps are undone in reverse order with their memos, and the promotion ends rolled back")
    void undoesInReverse() {
        Core core = new Core(List.of(recording("copy", false, true), recording("deploy", false, true), recording("verify", true, false)));
        core.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = core.promotions.find(core.promotions.promote("alice", "shop", "1", "dev").id()).orElseThrow();

        assertThat(log).containsExactly("run copy", "run deploy", "run verify", "undo deploy with deploy-memo", "undo copy with copy-memo");
        assertThat(p.status()).isEqualTo(PromotionStatus.ROLLED_BACK);
        assertThat(p.statusReason()).isEqualTo("verify broke; deploy put back; copy put back");
        assertThat(p.steps()).extracting(Step::name, Step::state).containsExactly(
                tuple("copy", Step.State.DONE), tuple("deploy", Step.State.DONE), tuple("verify", Step.State.FAILED),
                tuple("rollback", Step.State.DONE), tuple("rollback", Step.State.DONE));
        assertThat(p.steps().get(1).memo()).isEqualTo("deploy-memo");
    }

    @Test
    @DisplayName("a step that fails before anything undoable finished fails the promotion, running no later step")
    void failsWithoutUndo() {
        Core core = new Core(List.of(recording("copy", true, false), recording("deploy", false, true)));
        core.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = core.promotions.find(core.promotions.promote("alice", "shop", "1", "dev").id()).orElseThrow();

        assertThat(log).containsExactly("run copy");
        assertThat(p.status()).isEqualTo(PromotionStatus.FAILED);
        assertThat(p.statusReason()).isEqualTo("copy broke");
    }

    @Test
    @DisplayName("the card's running step is the step being carried out, with its progress")
    void runningStep() {
        Core core = new Core();
        core.registry.push("sandbox/shop:1", D1);
        PromotionRequest p = PromotionRequest.open(new PromotionRequest.Draft("p1", PromotionKind.PROMOTE, "shop", null, "dev",
                        ImageRef.parse("sandbox/shop:1"), ImageRef.parse("sandbox/shop:dev"),
                        D1, null, "alice", null), ApprovalPolicy.none(), core.clock.instant());
        p.start(core.clock.instant());
        p.stepStarted("copy", "a → b", core.clock.instant());
        p.stepDone("copy", "copied", core.clock.instant());
        p.stepStarted("deploy", "set dev/shop/deployment/shop", core.clock.instant());
        p.stepProgressed("deploy", "2 of 3 updated", core.clock.instant());
        assertThat(p.runningStep()).get().extracting(Step::name, Step::detail).containsExactly("deploy", "2 of 3 updated");
        assertThat(p.isPaused()).isFalse();
        p.stepStarted(PromotionRequest.PAUSE, "canary at 10%", core.clock.instant());
        assertThat(p.isPaused()).isTrue();
        assertThat(p.canBeCancelled()).isFalse();
    }
}
