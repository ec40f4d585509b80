package dev.signoff.promotion;

import dev.signoff.promotion.spi.Builds;
import dev.signoff.promotion.spi.Deployer;
import dev.signoff.promotion.spi.Deployments;
import dev.signoff.promotion.spi.GitOpsPlanner;
import dev.signoff.promotion.spi.ImageAttestations;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ImageSignatures;
import dev.signoff.promotion.spi.PromotionQueries;
import dev.signoff.promotion.spi.StepFailure;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Turns a request into a promotion that is ready for its card: resolves the image to a digest,
 * checks locks, freezes and gates, refuses duplicates, and works out the plan.
 */
@Component
class PromotionFactory {
    private final PipelineConfig config;
    private final ImageRegistry registry;
    private final Deployer deployer;
    private final GitOpsPlanner gitops;
    private final Deployments deployments;
    private final Builds builds;
    private final StageGuard guard;
    private final PromotionQueries queries;
    private final Clock clock;
    private final GateChecks gates;

    PromotionFactory(PipelineConfig config, ImageRegistry registry, Deployer deployer, GitOpsPlanner gitops, Deployments deployments,
                     Builds builds, StageGuard guard, PromotionQueries queries, Clock clock, ImageSignatures signatures,
                     ImageAttestations attestations) {
        this.config = config;
        this.registry = registry;
        this.deployer = deployer;
        this.gitops = gitops;
        this.deployments = deployments;
        this.builds = builds;
        this.guard = guard;
        this.queries = queries;
        this.clock = clock;
        this.gates = new GateChecks(builds, deployments, clock, signatures, attestations);
    }

    PromotionRequest promotion(String person, String appName, String reference, String stageName) {
        return promotion(person, appName, reference, stageName, null);
    }

    /**
     * With {@code breakGlassReason} (not null), a promotion through the stage's freeze, approved under
     * its break-glass policy: refused when the stage is not frozen now or has no such policy.
     */
    PromotionRequest promotion(String person, String appName, String reference, String stageName, String breakGlassReason) {
        AppConfig app = config.requireApp(appName);
        Stage stage = config.requireStage(appName, stageName);
        BreakGlass breakGlass = breakGlassReason == null ? null : breakGlass(app, stage, breakGlassReason);
        guard.requireOpen(app.name(), stage, breakGlass != null);
        Stage previous = app.previous(stage).orElse(null);
        ImageRef source;
        Digest digest;
        if (reference == null || reference.isBlank()) {
            if (previous == null) {
                throw new Refusal(stage.name() + " is the first stage of " + app.name() + "; name the image: /signoff promote "
                        + app.name() + " <tag> to " + stage.name() + ".");
            }
            source = previous.image();
            digest = deployments.current(app.name(), previous.name())
                    .filter(d -> d.kind() != PromotionKind.SUNSET).map(StageDeployment::digest)
                    .orElseGet(() -> resolve(previous.image()));
        } else {
            source = sourceReference(reference, previous != null ? previous : stage);
            digest = resolve(source);
        }
        List<String> gateNotes = gates.check(app, stage, previous, source, digest);
        refuseDuplicate(app, stage, digest);
        String commit = builds.latestFor(app.name(), digest).map(Build::commit).orElse(null);
        return open(PromotionKind.PROMOTE, person, app, previous != null ? previous.name() : null, stage, source, digest, commit, gateNotes,
                breakGlass);
    }

    private BreakGlass breakGlass(AppConfig app, Stage stage, String reason) {
        FreezeWindow window = stage.frozenAt(clock.instant()).orElseThrow(() -> new Refusal(app.name() + " " + stage.name()
                + " is not frozen; break-glass is only for a freeze. Promote it as usual: /signoff promote " + app.name() + " to "
                + stage.name() + "."));
        if (stage.breakGlass() == null) {
            throw new Refusal(app.name() + " " + stage.name() + " is frozen (" + window + ") until " + window.endText()
                    + ", and has no break-glass policy: nothing can go through this freeze. Ask whoever runs Signoff to add "
                    + "freeze: { windows: [...], breakGlass: { required: 2, approvers: [...] } } to the stage.");
        }
        return new BreakGlass(reason, window.toString());
    }

    PromotionRequest rollback(String person, String appName, String stageName, String digestText) {
        AppConfig app = config.requireApp(appName);
        Stage stage = config.requireStage(appName, stageName);
        guard.requireOpen(app.name(), stage);
        List<StageDeployment> history = deployments.history(app.name(), stage.name(), 100).stream()
                .filter(d -> d.kind() != PromotionKind.SUNSET).toList();
        if (history.isEmpty()) {
            throw new Refusal("Nothing has run in " + app.name() + " " + stage.name() + " yet, so there is nothing to roll back to.");
        }
        Digest current = history.getFirst().digest();
        Digest to;
        if (digestText != null) {
            to = parseDigest(digestText);
            if (history.stream().noneMatch(d -> d.digest().equals(to))) {
                throw new Refusal(to.shortForm() + " never ran successfully in " + app.name() + " " + stage.name()
                        + ". Earlier digests: " + String.join(", ", history.stream().map(d -> d.digest().shortForm()).distinct().toList()) + ".");
            }
            if (to.equals(current)) {
                throw new Refusal(app.name() + " " + stage.name() + " already runs " + to.shortForm() + ".");
            }
        } else {
            to = history.stream().map(StageDeployment::digest).filter(d -> !d.equals(current)).findFirst()
                    .orElseThrow(() -> new Refusal("Only " + current.shortForm() + " has run in " + app.name() + " "
                            + stage.name() + "; there is nothing earlier to roll back to."));
        }
        refuseDuplicate(app, stage, to);
        return open(PromotionKind.ROLLBACK, person, app, stage.name(), stage, stage.image().withDigest(to), to, null);
    }

    PromotionRequest sunset(String person, String appName, String stageName) {
        AppConfig app = config.requireApp(appName);
        Stage stage = config.requireStage(appName, stageName);
        guard.requireOpen(app.name(), stage);
        Digest digest = deployments.current(app.name(), stage.name()).map(d -> {
            if (d.kind() == PromotionKind.SUNSET) {
                throw new Refusal(app.name() + " " + stage.name() + " was already sunset by promotion " + d.promotionId() + ".");
            }
            return d.digest();
        }).orElseGet(() -> resolve(stage.image()));
        refuseDuplicate(app, stage, digest);
        return open(PromotionKind.SUNSET, person, app, stage.name(), stage, stage.image().withDigest(digest), digest, null);
    }

    /**
     * Puts {@code back} into the stage where a finished release member ran, approved already: the
     * release's votes covered the change it undoes. Run as part of the release, it has no card of its own.
     */
    PromotionRequest releaseUndo(PromotionRequest member, Digest back) {
        AppConfig app = config.requireApp(member.app());
        Stage stage = config.requireStage(member.app(), member.toStage());
        var draft = new PromotionRequest.Draft(Ids.newId(), PromotionKind.ROLLBACK, app.name(), stage.name(), stage.name(),
                stage.image().withDigest(back), stage.image(), back, null, "signoff", plan(PromotionKind.ROLLBACK, app, stage, back));
        return PromotionRequest.open(draft, ApprovalPolicy.none(), clock.instant());
    }

    private PromotionRequest open(PromotionKind kind, String person, AppConfig app, String from, Stage stage,
                                  ImageRef source, Digest digest, String commit) {
        return open(kind, person, app, from, stage, source, digest, commit, List.of(), null);
    }

    /**
     * {@code gateNotes} are added to the plan's note for the card ("signed (key …)", "attested: …");
     * {@code breakGlass}, when given, opens it under the stage's break-glass policy.
     */
    private PromotionRequest open(PromotionKind kind, String person, AppConfig app, String from, Stage stage,
                                  ImageRef source, Digest digest, String commit, List<String> gateNotes, BreakGlass breakGlass) {
        Plan plan = plan(kind, app, stage, digest);
        for (String note : gateNotes) {
            plan = plan.noting(note);
        }
        var draft = new PromotionRequest.Draft(Ids.newId(), kind, app.name(), from, stage.name(), source, stage.image(),
                digest, commit, person, plan, breakGlass);
        return PromotionRequest.open(draft, breakGlass != null ? stage.breakGlass() : stage.approval(), clock.instant());
    }

    private Plan plan(PromotionKind kind, AppConfig app, Stage stage, Digest digest) {
        String next = stage.image().withDigest(digest).toString();
        String currentDigest = deployments.current(app.name(), stage.name()).map(d -> d.digest().toString()).orElse(null);
        if (kind == PromotionKind.SUNSET) {
            return new Plan(next, null, 0, null, stage.publishesOnly() || stage.deploy() == null
                    ? "delete the tag " + stage.image()
                    : "scale " + stage.deploy().workload() + " to zero, remove its Service/Ingress, delete the tag " + stage.image());
        }
        if (stage.publishesOnly()) {
            return Plan.publishOnly(currentDigest != null ? stage.image().withDigest(Digest.parse(currentDigest)).toString() : null, next);
        }
        if (stage.deploy() == null) {
            GitDeploy git = stage.gitops();
            try {
                return gitops.plan(git, stage.image().withDigest(digest));
            } catch (StepFailure e) {
                return new Plan(currentDigest != null ? stage.image().withDigest(Digest.parse(currentDigest)).toString() : null, next, null,
                        "GitOps", "commit " + git.edit().describe() + " in " + git.describe() + "; current state unknown: " + e.getMessage());
            }
        }
        try {
            return deployer.plan(stage.deploy(), stage.image().withDigest(digest));
        } catch (StepFailure e) {
            return new Plan(currentDigest, next, null, stage.deploy().strategy().describe(), "current state unknown: " + e.getMessage());
        }
    }

    private void refuseDuplicate(AppConfig app, Stage stage, Digest digest) {
        queries.inStatus(app.name(), stage.name(), PromotionStatus.PENDING_APPROVAL).stream()
                .filter(p -> p.digest().equals(digest) && !p.isExpiredAt(clock.instant())).findFirst()
                .ifPresent(p -> {
                    throw new Refusal("Promotion " + p.id() + " already asks to put " + digest.shortForm() + " in "
                            + stage.name() + "; approve or reject it there.");
                });
    }

    private ImageRef sourceReference(String reference, Stage from) {
        if (Digest.isDigest(reference)) {
            return from.image().withDigest(Digest.parse(reference));
        }
        if (reference.contains("/")) {
            ImageRef ref;
            try {
                ref = ImageRef.parse(reference);
            } catch (IllegalArgumentException e) {
                throw new Refusal(e.getMessage() + ".");
            }
            if (!config.registries().containsKey(ref.registry())) {
                throw new Refusal("'" + ref.registry() + "' is not a configured registry. Registries: "
                        + String.join(", ", config.registries().keySet()) + ".");
            }
            return ref;
        }
        if (!ImageRef.isTag(reference)) {
            throw new Refusal("'" + reference + "' is neither a tag nor a digest (sha256:…).");
        }
        return from.image().withTag(reference);
    }

    private Digest resolve(ImageRef ref) {
        try {
            return registry.resolve(ref);
        } catch (StepFailure e) {
            throw new Refusal("I could not look up " + ref + ": " + e.getMessage());
        }
    }

    private static Digest parseDigest(String text) {
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage() + ".");
        }
    }
}
