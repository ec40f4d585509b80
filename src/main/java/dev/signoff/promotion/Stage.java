package dev.signoff.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One stage of an app's pipeline: the image tag it publishes to, where it deploys (if anywhere),
 * who must approve, what evidence it needs, when it is frozen, the metrics that judge its
 * rollouts, and where its deployment is exposed on the public internet (the last two only for a
 * stage that deploys). {@code copyAttachments} (null: the destination registry decides, by default
 * yes) says whether signatures, attestations and SBOMs travel with the image; {@code attest} asks
 * for Signoff's signed approval attestation after the copy. With {@code supersede} (the default) a
 * new request of another digest cancels the cards still waiting for approval in the stage. A stage
 * deploys directly ({@code deploy}, a workload Signoff sets) or through GitOps ({@code gitops}, a
 * file in a git repository a controller applies), not both. With {@code remind} (the default) a
 * card's approvers are mentioned when it is posted, and reminded once when half its time has passed.
 * {@code breakGlass} (null: none) is who must approve a promotion through a freeze.
 */
public record Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates,
                    List<FreezeWindow> freeze, Analysis analysis, Exposure expose, Boolean copyAttachments, boolean attest,
                    boolean supersede, GitDeploy gitops, boolean remind, ApprovalPolicy breakGlass) {
    public Stage {
        freeze = List.copyOf(freeze);
        if (breakGlass != null && breakGlass.selfApproval()) {
            throw new IllegalArgumentException("stage " + name + ": a break-glass policy never lets the requester approve");
        }
        if (deploy != null && gitops != null) {
            throw new IllegalArgumentException("stage " + name + " deploys directly and through GitOps; it is one or the other");
        }
        if (analysis != null && deploy == null) {
            throw new IllegalArgumentException("stage " + name + (gitops != null
                    ? " deploys through GitOps, where Signoff does not know the workload its analysis measures"
                    : " has an analysis but deploys nothing to analyse"));
        }
        if (expose != null && deploy == null && gitops == null) {
            throw new IllegalArgumentException("stage " + name + " is exposed but does not deploy: only what a stage deploys is exposed");
        }
    }

    /** A stage without a way through its freezes. */
    public Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates,
                 List<FreezeWindow> freeze, Analysis analysis, Exposure expose, Boolean copyAttachments, boolean attest,
                 boolean supersede, GitDeploy gitops, boolean remind) {
        this(name, image, deploy, approval, gates, freeze, analysis, expose, copyAttachments, attest, supersede, gitops, remind, null);
    }

    /** A stage whose approvers are mentioned and reminded. */
    public Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates,
                 List<FreezeWindow> freeze, Analysis analysis, Exposure expose, Boolean copyAttachments, boolean attest,
                 boolean supersede, GitDeploy gitops) {
        this(name, image, deploy, approval, gates, freeze, analysis, expose, copyAttachments, attest, supersede, gitops, true);
    }

    /** A stage that does not deploy through GitOps. */
    public Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates,
                 List<FreezeWindow> freeze, Analysis analysis, Exposure expose, Boolean copyAttachments, boolean attest,
                 boolean supersede) {
        this(name, image, deploy, approval, gates, freeze, analysis, expose, copyAttachments, attest, supersede, null);
    }

    /** A stage whose new requests supersede the cards waiting there. */
    public Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates,
                 List<FreezeWindow> freeze, Analysis analysis, Exposure expose, Boolean copyAttachments, boolean attest) {
        this(name, image, deploy, approval, gates, freeze, analysis, expose, copyAttachments, attest, true);
    }

    /** A stage whose attachments travel as its registry says, without an approval attestation. */
    public Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates,
                 List<FreezeWindow> freeze, Analysis analysis, Exposure expose) {
        this(name, image, deploy, approval, gates, freeze, analysis, expose, null, false);
    }

    /** A stage without analysis and not exposed. */
    public Stage(String name, ImageRef image, DeployTarget deploy, ApprovalPolicy approval, Gates gates, List<FreezeWindow> freeze) {
        this(name, image, deploy, approval, gates, freeze, null, null);
    }

    public Optional<DeployTarget> deployTarget() {
        return Optional.ofNullable(deploy);
    }

    /** Where the stage deploys through GitOps, if it does. */
    public Optional<GitDeploy> gitDeploy() {
        return Optional.ofNullable(gitops);
    }

    public Optional<Analysis> metricsAnalysis() {
        return Optional.ofNullable(analysis);
    }

    public Optional<Exposure> exposure() {
        return Optional.ofNullable(expose);
    }

    public boolean publishesOnly() {
        return deploy == null && gitops == null;
    }

    /**
     * The stage's plan: the names of the step kinds a promotion of this kind runs, in order,
     * made from the stage's keys. A promotion or rollback copies the image (checking its signature
     * first where the stage has the signature gate, then its attestations where it has the
     * attestation gate, and attesting the approval after it where the
     * stage has {@code attest}) and, where the stage
     * deploys, deploys and verifies the rollout, then (with {@code analysis}) judges it by its
     * metrics, then exposes it where the stage says. A GitOps stage commits the image to its
     * repository instead of deploying, and syncs (waits for its controller) when it names one. A
     * sunset goes the other way: the edge first (nobody reaches the app while it goes), then the
     * workload and its Services, then its monitoring, then the tag; a GitOps stage's workload
     * belongs to its controller, so its sunset leaves it alone.
     */
    public List<String> steps(PromotionKind kind) {
        List<String> steps = new java.util.ArrayList<>();
        if (kind == PromotionKind.SUNSET) {
            if (expose != null) {
                steps.add("unexpose");
            }
            if (deploy != null) {
                steps.add("decommission");
                steps.add("stop monitoring");
            }
            steps.add("delete tag");
        } else {
            if (gates.requiresSignature()) {
                steps.add("verify signature");
            }
            if (gates.requiresAttestation()) {
                steps.add("verify attestation");
            }
            steps.add("copy");
            if (attest) {
                steps.add("attest");
            }
            if (gitops != null) {
                steps.add("commit");
                if (gitops.controller() != null) {
                    steps.add("sync");
                }
            }
            if (deploy != null) {
                steps.add("deploy");
                steps.add("verify");
            }
            if (deploy != null || gitops != null) {
                if (analysis != null) {
                    steps.add("analysis");
                }
                if (expose != null) {
                    steps.add("expose");
                }
            }
        }
        return List.copyOf(steps);
    }

    /** The policy a promotion is approved under: the break-glass one for a promotion through a freeze. */
    public ApprovalPolicy approvalFor(PromotionRequest p) {
        return p.isBreakGlass() && breakGlass != null ? breakGlass : approval;
    }

    /** The freeze window in force at {@code now}, if any. */
    public Optional<FreezeWindow> frozenAt(Instant now) {
        return freeze.stream().filter(w -> w.contains(now)).findFirst();
    }
}
