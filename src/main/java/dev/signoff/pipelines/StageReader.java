package dev.signoff.pipelines;

import dev.signoff.promotion.ApprovalPolicy;
import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Stage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** One entry of an app's {@code stages:}. One reader per app, so stage names are unique per app. */
final class StageReader {
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern CI_GATE = Pattern.compile("passed");

    private final Known known;
    private final DeployReader deployReader;
    private final ApprovalReader approvalReader;
    private final FreezeReader freezeReader;
    private final Map<String, Integer> firstLines = new HashMap<>();

    StageReader(Known known) {
        this.known = known;
        this.deployReader = new DeployReader(known);
        this.approvalReader = new ApprovalReader(known);
        this.freezeReader = new FreezeReader(approvalReader);
    }

    Stage stage(YamlNode node, boolean first) {
        YamlNode.Fields fields = node.fields("a stage, like { name: dev, image: sandbox/shop:dev, approval: none }",
                "name", "image", "deploy", "approval", "gates", "freeze", "analysis", "expose", "copyAttachments", "attest",
                "supersede", "remind");
        String name = fields.require("name", "name: test", this::name);
        ImageRef image = fields.require("image", "image: sandbox/shop:dev", value -> image(value, name));
        YamlNode deployNode = fields.optional("deploy");
        if (deployNode != null && image != null && known.registries().get(image.registry()).isLayout()) {
            deployNode.problem("a cluster cannot pull from '" + image.registry() + "', a layout directory; deploy from a registry with a host");
        }
        boolean gitops = deployNode != null && GitDeployReader.isGitOps(deployNode);
        DeployTarget deploy = gitops ? null : fields.get("deploy", deployReader::read, null);
        GitDeploy gitDeploy = gitops ? GitDeployReader.deploy(deployNode, known, image == null ? null : image.repository()) : null;
        Exposure expose = fields.get("expose", value -> CloudflareReader.expose(value, known), null);
        if (expose != null && deployNode == null) {
            fields.optional("expose").problem("only a stage that deploys is exposed; add deploy: or move expose: to the stage that deploys");
            expose = null;
        }
        Analysis analysis = fields.get("analysis", value -> AnalysisReader.analysis(value, known.monitoring().keySet(), fields.optional("deploy") != null), null);
        if (analysis != null && gitops) {
            // Its queries are filled with the workload's namespace and name, which a GitOps deploy does not name.
            fields.optional("analysis").problem("analysis is not available yet for a GitOps deploy (deploy.git): it measures a workload "
                    + "Signoff deploys itself; use deploy: { cluster, namespace, workload }, or leave analysis to the GitOps controller");
            analysis = null;
        }
        ApprovalPolicy approval = fields.require("approval", "approval: none, or approval: { required: 1, approvers: [group:qa] }",
                approvalReader::read);
        Gates gates = fields.get("gates", value -> gates(value, first), Gates.none());
        FreezeReader.Freeze freeze = fields.get("freeze", freezeReader::read, FreezeReader.Freeze.NONE);
        return new Stage(name, image, deploy, approval, gates, freeze.windows(),
                analysis,
                expose, fields.get("copyAttachments", YamlNode::bool, null), Boolean.TRUE.equals(fields.get("attest", YamlNode::bool, false)),
                !Boolean.FALSE.equals(fields.get("supersede", YamlNode::bool, true)),
                gitDeploy,
                !Boolean.FALSE.equals(fields.get("remind", YamlNode::bool, true)),
                freeze.breakGlass());
    }

    private String name(YamlNode value) {
        String name = value.matching(STAGE_NAME, "a valid stage name (lowercase letters, digits and '-', starting with a letter)");
        if (name == null) {
            return null;
        }
        Integer firstLine = firstLines.putIfAbsent(name, value.line());
        if (firstLine != null) {
            value.problem("duplicate stage '" + name + "' (first at line " + firstLine + ")");
        }
        return name;
    }

    private ImageRef image(YamlNode value, String stageName) {
        ImageRef image = value.parsed(ImageRef::parse);
        if (image == null) {
            return null;
        }
        if (image.isPinned()) {
            value.problem("'" + image + "' is pinned to a digest; a stage publishes to a tag, like "
                    + image.withTag(Objects.requireNonNullElse(stageName, "latest")));
            return null;
        }
        if (!known.registries().containsKey(image.registry())) {
            value.problem("'" + image + "' starts with '" + image.registry() + "', which is not a defined registry; "
                    + Known.choices("registries", known.registries().keySet()));
            return null;
        }
        return image;
    }

    private static Gates gates(YamlNode node, boolean first) {
        YamlNode.Fields fields = node.fields("gates, like { ci: passed, soak: 30m }", "ci", "soak", "signature", "attestation");
        String ci = fields.get("ci", value -> value.matching(CI_GATE, "a ci gate; the only one is passed"), null);
        Duration soak = fields.get("soak", value -> {
            if (first) {
                value.problem("the first stage has no stage before it to soak in; put soak on a later stage");
                return null;
            }
            return value.duration();
        }, null);
        SignatureGateReader.SignatureGate signature = fields.get("signature", SignatureGateReader::read, null);
        Gates.Attestation attestation = fields.get("attestation", AttestationGateReader::read, null);
        return signature == null ? new Gates(ci != null, soak, java.util.List.of(), null, attestation)
                : new Gates(ci != null, soak, signature.keys(), signature.keyless(), attestation);
    }
}
