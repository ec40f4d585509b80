package dev.signoff.gitops;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Eligibility;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.steps.StepContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A pipelines config, a GitOps stage and approved promotions into it, for the gitops tests. */
final class GitOpsFixtures {
    static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");
    static final ApprovalPolicy TWO = new ApprovalPolicy(2, List.of("group:release"), false, Duration.ofHours(24));
    static final String REPOSITORY = "registry.example.com/shop";
    static final PipelineConfig CONFIG = new PipelineConfig(Map.of(), Map.of(),
            Map.of("enterprise", new RegistryConfig("enterprise", "registry.example.com", false, null),
                    "sandbox", new RegistryConfig("sandbox", "localhost:5000", true, null)),
            Map.of("prod", new ClusterConfig("prod", "prod-cluster")), Map.of());

    private GitOpsFixtures() {
    }

    static GitRepo repo(String url, String credentials) {
        return new GitRepo("deploy-repo", url, "main", credentials, true, "Signoff", "signoff@example.com", GitRepo.Provider.GITHUB, null, null);
    }

    static Stage stage(GitRepo repo, String path, GitDeploy.Edit edit, GitDeploy.Controller controller) {
        return stage(repo, path, edit, controller, Duration.ofSeconds(20));
    }

    static Stage stage(GitRepo repo, String path, GitDeploy.Edit edit, GitDeploy.Controller controller, Duration timeout) {
        return new Stage("prod", ImageRef.parse("enterprise/shop:prod"), null, TWO, Gates.none(), List.of(), null, null, null, false, true,
                new GitDeploy(repo, path, edit, false, controller, timeout));
    }

    /** A promotion of {@code digest} from test to prod asked by alice and approved by bob and erin, running. */
    static PromotionRequest approved(String id, Digest digest) {
        return approved(id, digest, PromotionKind.PROMOTE);
    }

    static PromotionRequest approved(String id, Digest digest, PromotionKind kind) {
        var draft = new PromotionRequest.Draft(id, kind, "shop", "test", "prod",
                ImageRef.parse("enterprise/shop:test").withDigest(digest), ImageRef.parse("enterprise/shop:prod"), digest,
                "3f2c9e1a", "alice", null);
        PromotionRequest p = PromotionRequest.open(draft, TWO, T0);
        p.approve("bob", digest, TWO, Eligibility.APPROVER, T0.plusSeconds(60));
        p.approve("erin", digest, TWO, Eligibility.APPROVER, T0.plusSeconds(120));
        p.start(T0.plusSeconds(130));
        return p;
    }

    static StepContext context(String step, PromotionRequest p, Stage stage) {
        return new StepContext(step, p, stage, Deployer.Checkpoint.NONE);
    }
}
