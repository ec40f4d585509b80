package dev.signoff.promotion;

import dev.signoff.promotion.steps.BuiltInSteps;
import dev.signoff.promotion.steps.StepKind;
import dev.signoff.promotion.steps.StepKinds;
import dev.signoff.testing.FakeDeployer;
import dev.signoff.testing.FakeMetrics;
import dev.signoff.testing.FakeRegistry;
import dev.signoff.testing.MutableClock;

import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.spi.GitOpsPlanner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The core wired with in-memory fakes of every port, the way the application wires it with the
 * real adapters. Promotions run on the calling thread unless an executor is given. Public, with
 * its config, clock, registry and promotions, for the tests of the chat core beside it.
 */
public class Core {
    public final PipelineConfig config;
    final FakeGroupDirectory directory = new FakeGroupDirectory();
    public final MutableClock clock = new MutableClock(TestPipelines.WEDNESDAY);
    final InMemoryStore store = new InMemoryStore();
    public final FakeRegistry registry;
    final FakeDeployer deployer;
    final FakeMetrics metrics = new FakeMetrics();
    final List<PromotionEvent> events = new CopyOnWriteArrayList<>();
    public final Promotions promotions;
    public final Releases releases;
    final StageQueue queue;
    final HeldReleases heldReleases = new HeldReleases();
    final ReleaseRunner releaseRunner;
    final Aborts aborts = new Aborts(store);

    Core() {
        this(Runnable::run);
    }

    /** The core over another pipeline config, such as one with groups linked to Slack user groups. */
    public Core(PipelineConfig config) {
        this(config, Runnable::run, new FakeRegistry(), new FakeDeployer(), List.of());
    }

    /** The core over another pipeline config, running promotions on {@code executor}. */
    Core(PipelineConfig config, Executor executor) {
        this(config, executor, new FakeRegistry(), new FakeDeployer(), List.of());
    }

    Core(Executor executor) {
        this(executor, new FakeRegistry(), new FakeDeployer());
    }

    Core(Executor executor, FakeRegistry registry, FakeDeployer deployer) {
        this(TestPipelines.shop(), executor, registry, deployer, List.of());
    }

    /** The core over another pipeline config, with step kinds of other modules (the edge's) added. */
    Core(PipelineConfig config, List<StepKind> adding) {
        this(config, Runnable::run, new FakeRegistry(), new FakeDeployer(), adding);
    }

    /** The core with some built-in step kinds replaced by others of the same name. */
    Core(List<StepKind> replacing) {
        this(TestPipelines.shop(), Runnable::run, new FakeRegistry(), new FakeDeployer(), replacing);
    }

    private Core(PipelineConfig config, Executor executor, FakeRegistry registry, FakeDeployer deployer, List<StepKind> replacing) {
        this.config = config;
        this.registry = registry;
        this.deployer = deployer;
        Releases[] listener = new Releases[1];
        Transitions transitions = new Transitions(store, store, e -> {
            if (e instanceof PromotionEvent p) {
                events.add(p);
            }
            if (e instanceof dev.signoff.promotion.events.PromotionDecided d && listener[0] != null) {
                listener[0].on(d);
            }
        }, clock);
        Approvers approvers = new Approvers(config, directory);
        Voting voting = new Voting(config, approvers, transitions, registry, store, clock);
        Checkpoints checkpoints = new Checkpoints(store, aborts, clock);
        StageGuard guard = new StageGuard(store, clock);
        List<StepKind> kinds = new java.util.ArrayList<>(BuiltInSteps.list(registry, deployer, deployer));
        kinds.removeIf(k -> replacing.stream().anyMatch(r -> r.name().equals(k.name())));
        kinds.addAll(replacing);
        MetricsGate gate = new MetricsGate(metrics, config, checkpoints, transitions, clock);
        PromotionRunner runner = new PromotionRunner(transitions, new StepKinds(kinds, config), store, voting, checkpoints, gate, aborts, clock);
        queue = new StageQueue(config, transitions, store, store, guard, runner, executor, store, clock);
        GitOpsPlanner gitops = new GitOpsPlanner() {
            @Override
            public Plan plan(GitDeploy git, ImageRef image) {
                return new Plan(null, image.toString(), null, "GitOps", "commit to " + git.path());
            }

            @Override
            public AppStatus.RepositoryFile read(GitDeploy git) {
                return AppStatus.RepositoryFile.unreadable(git.path(), "the core's tests have no repository");
            }
        };
        PromotionFactory factory = new PromotionFactory(config, registry, deployer, gitops, store, store, guard, store, clock, registry, registry);
        promotions = new Promotions(config, approvers, factory, voting, store, store, store, store, queue, transitions, checkpoints, aborts,
                gitops, store, clock);
        releaseRunner = new ReleaseRunner(store, heldReleases, transitions, queue, factory, voting, store, aborts, executor, clock);
        releases = new Releases(config, new ReleaseMembers(config, factory, store, registry), voting, approvers, transitions, store,
                releaseRunner, aborts, clock);
        listener[0] = releases;
    }

    /** Recovery as a newly started process runs it over the same storage. */
    Recovery recovery() {
        return new Recovery(store, config, queue, heldReleases, releaseRunner, (job, term) -> true, java.time.Duration.ZERO);
    }

    /** A passing CI build of the digest. */
    void built(Digest digest) {
        promotions.recordBuild(new Build("shop", digest, "sandbox/shop@" + digest, "abc1234", "main", true, null, "test", clock.instant()));
    }

    /** Puts the digest into dev (auto-approved) and lets it soak long enough for test. */
    PromotionRequest inDev(Digest digest, String tag) {
        registry.push("sandbox/shop:" + tag, digest);
        PromotionRequest p = promotions.promote("alice", "shop", tag, "dev");
        clock.advance(java.time.Duration.ofMinutes(31));
        return promotions.find(p.id()).orElseThrow();
    }
}
