package dev.signoff.pipelines;

import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stage's GitOps {@code deploy: { git: {...}, argocd: {...} | flux: {...}, timeout }}: which
 * repository (a name under {@code git:}), which file, what to edit in it, and the controller to wait for.
 */
final class GitDeployReader {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern DOTTED_KEY = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*");
    private static final Pattern WORKLOAD = Pattern.compile("(?i)(deployment|statefulset|daemonset|cronjob|job|pod|replicaset)/[a-z0-9][a-z0-9.-]*");
    private static final Pattern KUSTOMIZATION = Pattern.compile("(?:.*/)?(?:kustomization\\.ya?ml|Kustomization)");
    private static final String GIT_EXAMPLE = "{ repo: deploy-repo, path: envs/prod/kustomization.yaml, image: shop }";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private GitDeployReader() {
    }

    /** Whether a stage's {@code deploy:} is the GitOps kind (it has {@code git:}). */
    static boolean isGitOps(YamlNode deploy) {
        return deploy.has("git");
    }

    /** A stage's GitOps {@code deploy:}; {@code imageRepository} is the stage image's repository, the default images[] entry. */
    static GitDeploy deploy(YamlNode node, Known known, String imageRepository) {
        YamlNode.Fields fields = node.fields("a GitOps deploy, like { git: " + GIT_EXAMPLE + ", argocd: { cluster: prod, namespace: argocd, application: shop-prod } }",
                "git", "argocd", "flux", "timeout");
        GitParts git = fields.require("git", "git: " + GIT_EXAMPLE, value -> git(value, known, imageRepository));
        GitDeploy.Controller argocd = fields.get("argocd", value -> controller(value, known, GitDeploy.Controller.Kind.ARGOCD), null);
        GitDeploy.Controller flux = fields.get("flux", value -> controller(value, known, GitDeploy.Controller.Kind.FLUX), null);
        if (fields.optional("argocd") != null && fields.optional("flux") != null) {
            fields.optional("flux").problem("a stage waits for one GitOps controller, Argo CD or Flux, not both");
            return null;
        }
        Duration timeout = fields.get("timeout", YamlNode::duration, DEFAULT_TIMEOUT);
        if (git == null || timeout == null) {
            return null;
        }
        return new GitDeploy(git.repo(), git.path(), git.edit(), git.pullRequest(), argocd != null ? argocd : flux, timeout);
    }

    private record GitParts(GitRepo repo, String path, GitDeploy.Edit edit, boolean pullRequest) {
    }

    private static GitParts git(YamlNode node, Known known, String imageRepository) {
        YamlNode.Fields fields = node.fields("what to write where, like " + GIT_EXAMPLE,
                "repo", "path", "image", "key", "repositoryKey", "container", "workload", "pullRequest");
        GitRepo repo = fields.require("repo", "repo: deploy-repo", value -> repo(value, known));
        String path = fields.require("path", "path: envs/prod/kustomization.yaml", GitDeployReader::path);
        Boolean pullRequest = fields.get("pullRequest", value -> {
            Boolean b = value.bool();
            if (Boolean.TRUE.equals(b) && repo != null && GitReader.isSsh(repo.url())) {
                value.problem("pull-request mode opens the pull request with a token, and git." + repo.name()
                        + " is an ssh repository whose credentials are its key; use its https URL with a token");
                return null;
            }
            if (Boolean.TRUE.equals(b) && repo != null && repo.credentials() == null) {
                // Refused here rather than at the first promotion: a stage must never run part of its plan.
                value.problem("pull-request mode opens the pull request with the repository's token; give git." + repo.name()
                        + " credentials: env:GIT_TOKEN");
                return null;
            }
            return b;
        }, false);
        YamlNode image = fields.optional("image");
        YamlNode key = fields.optional("key");
        YamlNode repositoryKey = fields.optional("repositoryKey");
        YamlNode container = fields.optional("container");
        YamlNode workload = fields.optional("workload");
        GitDeploy.Edit edit = null;
        if (key != null && container != null) {
            container.problem("say what to edit in one way: key: (a Helm values file) or container: (a manifest), not both");
        } else if (key != null) {
            if (image != null) {
                image.problem("image: names a kustomization's images[] entry; a Helm values file takes key: and repositoryKey:");
            } else if (workload != null) {
                workload.problem("workload: picks a workload in a manifest; a Helm values file takes key: and repositoryKey:");
            } else {
                String k = key.matching(DOTTED_KEY, "a dotted key, like image.digest");
                String rk = repositoryKey == null ? null : repositoryKey.matching(DOTTED_KEY, "a dotted key, like image.repository");
                edit = k == null || (repositoryKey != null && rk == null) ? null : new GitDeploy.HelmValue(k, rk);
            }
        } else if (container != null) {
            if (image != null) {
                image.problem("image: names a kustomization's images[] entry; a manifest takes container: (and workload: when it has several)");
            } else if (repositoryKey != null) {
                repositoryKey.problem("repositoryKey: goes with key: in a Helm values file; a manifest takes container:");
            } else {
                String c = container.matching(DNS_LABEL, "a valid container name (lowercase letters, digits and '-')");
                String w = workload == null ? null : workload.matching(WORKLOAD, "a workload kind/name, like deployment/shop");
                edit = c == null || (workload != null && w == null) ? null : new GitDeploy.ManifestContainer(c, w);
            }
        } else if (repositoryKey != null) {
            repositoryKey.problem("repositoryKey: goes with key:, the Helm value that takes the digest, like key: image.digest");
        } else if (workload != null) {
            workload.problem("workload: goes with container:, the manifest's container whose image is set");
        } else if (path != null && !KUSTOMIZATION.matcher(path).matches()) {
            fields.optional("path").problem("'" + path + "' is not a kustomization.yaml; for a Helm values file add key: image.digest, "
                    + "for a manifest add container: shop");
        } else {
            String name = image == null ? imageRepository : image.matching(Pattern.compile("\\S+"), "an image name");
            edit = name == null ? null : new GitDeploy.KustomizeImage(name);
        }
        if (repo == null || path == null || edit == null || pullRequest == null) {
            return null;
        }
        return new GitParts(repo, path, edit, pullRequest);
    }

    private static GitRepo repo(YamlNode node, Known known) {
        String name = node.text();
        if (name == null) {
            return null;
        }
        if (!known.gitNames().contains(name)) {
            node.problem("'" + name + "' names a git repository that is not defined; " + Known.choices("git repositories", known.git().keySet()));
            return null;
        }
        return known.git().get(name);
    }

    private static String path(YamlNode node) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        if (text.startsWith("/") || text.endsWith("/") || List.of(text.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."))
                || !(text.endsWith(".yaml") || text.endsWith(".yml") || text.endsWith("Kustomization"))) {
            node.problem("'" + text + "' is not a YAML file's path inside the repository, like envs/prod/kustomization.yaml (relative, without . or ..)");
            return null;
        }
        return text;
    }

    private static GitDeploy.Controller controller(YamlNode node, Known known, GitDeploy.Controller.Kind kind) {
        String nameKey = kind == GitDeploy.Controller.Kind.ARGOCD ? "application" : "kustomization";
        String example = kind == GitDeploy.Controller.Kind.ARGOCD
                ? "{ cluster: prod, namespace: argocd, application: shop-prod }"
                : "{ cluster: prod, namespace: flux-system, kustomization: shop }";
        YamlNode.Fields fields = node.fields("the " + kind.product() + " " + kind.resource() + " that applies the repository, like " + example,
                "cluster", "namespace", nameKey);
        String cluster = fields.require("cluster", "cluster: prod", value -> {
            String text = value.text();
            if (text != null && !known.clusters().containsKey(text)) {
                value.problem("'" + text + "' names a cluster that is not defined; " + Known.choices("clusters", known.clusters().keySet()));
                return null;
            }
            return text;
        });
        String namespace = fields.require("namespace", "namespace: " + (kind == GitDeploy.Controller.Kind.ARGOCD ? "argocd" : "flux-system"),
                value -> value.matching(DNS_LABEL, "a valid namespace (lowercase letters, digits and '-')"));
        String name = fields.require(nameKey, nameKey + ": shop", value -> value.matching(DNS_NAME, "a valid " + kind.resource() + " name"));
        return cluster == null || namespace == null || name == null ? null : new GitDeploy.Controller(kind, cluster, namespace, name);
    }
}
