package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.Stage;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("git repositories and a stage's GitOps deploy")
class GitRulesTest extends PipelinesFileTestSupport {

    /** The repository's keys are at lines 6-9; the stage's deploy: is at line 17, its git: keys from line 19. */
    private static final String REPO = """
            registries:
              enterprise: { host: registry.example.com }
            clusters:
              prod: {}
            git:
              deploy-repo:
                url: https://git.example.com/acme/deploy.git
                branch: main
                credentials: env:GIT_TOKEN
                author: { name: Signoff, email: signoff@example.com }
            apps:
              shop:
                stages:
                  - name: prod
                    image: enterprise/shop:prod
                    approval: none
                    deploy:
                      git:
            """;

    private static String stage(String git, String rest) {
        return REPO + git.indent(12) + rest.indent(10);
    }

    private static final String KUSTOMIZE = "repo: deploy-repo\npath: envs/prod/kustomization.yaml\nimage: shop\n";
    private static final String ARGOCD = "argocd: { cluster: prod, namespace: argocd, application: shop-prod }\n";

    @Test
    @DisplayName("The issue's example reads into the repository and the GitOps deploy, whose plan is copy, commit, sync")
    void example() {
        PipelineConfig config = load(stage(KUSTOMIZE + "pullRequest: false\n", ARGOCD));
        Stage stage = config.requireStage("shop", "prod");
        GitRepo repo = new GitRepo("deploy-repo", "https://git.example.com/acme/deploy.git", "main", "env:GIT_TOKEN", false,
                "Signoff", "signoff@example.com", GitRepo.Provider.GITHUB, null, null);
        assertThat(stage.gitops()).isEqualTo(new GitDeploy(repo, "envs/prod/kustomization.yaml", new GitDeploy.KustomizeImage("shop"), false,
                new GitDeploy.Controller(GitDeploy.Controller.Kind.ARGOCD, "prod", "argocd", "shop-prod"), Duration.ofMinutes(10)));
        assertThat(stage.deploy()).isNull();
        assertThat(stage.publishesOnly()).isFalse();
        assertThat(stage.steps(PromotionKind.PROMOTE)).containsExactly("copy", "commit", "sync");
        assertThat(stage.steps(PromotionKind.ROLLBACK)).containsExactly("copy", "commit", "sync");
        assertThat(stage.steps(PromotionKind.SUNSET)).containsExactly("delete tag");
    }

    @Test
    @DisplayName("Without a controller the plan is copy, commit; the images[] entry defaults to the stage image's repository")
    void noController() {
        Stage stage = load(stage("repo: deploy-repo\npath: envs/prod/kustomization.yaml\n", "")).requireStage("shop", "prod");
        assertThat(stage.gitops().edit()).isEqualTo(new GitDeploy.KustomizeImage("shop"));
        assertThat(stage.steps(PromotionKind.PROMOTE)).containsExactly("copy", "commit");
    }

    @Test
    @DisplayName("A Helm values file takes key and repositoryKey; Flux waits with its own timeout")
    void helmAndFlux() {
        Stage stage = load(stage("repo: deploy-repo\npath: charts/shop/values-prod.yaml\nkey: image.digest\nrepositoryKey: image.repository\n",
                "flux: { cluster: prod, namespace: flux-system, kustomization: shop }\ntimeout: 20m\n")).requireStage("shop", "prod");
        assertThat(stage.gitops().edit()).isEqualTo(new GitDeploy.HelmValue("image.digest", "image.repository"));
        assertThat(stage.gitops().controller()).isEqualTo(new GitDeploy.Controller(GitDeploy.Controller.Kind.FLUX, "prod", "flux-system", "shop"));
        assertThat(stage.gitops().timeout()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    @DisplayName("A plain manifest takes container and, when it has several workloads, workload")
    void manifest() {
        Stage stage = load(stage("repo: deploy-repo\npath: apps/shop.yaml\ncontainer: shop\nworkload: deployment/shop\n", ""))
                .requireStage("shop", "prod");
        assertThat(stage.gitops().edit()).isEqualTo(new GitDeploy.ManifestContainer("shop", "deployment/shop"));
    }

    @Test
    @DisplayName("An ssh repository (scp-like) with a key file, a GitLab host and insecure http to a local server are accepted")
    void urls() {
        PipelineConfig config = load(REPO.replace("https://git.example.com/acme/deploy.git", "git@gitlab.example.com:acme/deploy.git")
                .replace("env:GIT_TOKEN", "file:/etc/signoff/deploy-key") + KUSTOMIZE.indent(12));
        assertThat(config.requireStage("shop", "prod").gitops().repo().provider()).isEqualTo(GitRepo.Provider.GITLAB);
        load(REPO.replace("https://git.example.com", "http://127.0.0.1:8080").replace("branch: main", "branch: main\n    insecure: true")
                + KUSTOMIZE.indent(12));
    }

    @Test
    @DisplayName("Plain http without insecure: true is refused")
    void plainHttp() {
        assertThat(problemsOf(REPO.replace("https://git.example.com", "http://git.example.com") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.url", 7) + "'http://git.example.com/acme/deploy.git' is plain http, which sends the credentials "
                        + "in the clear; use https, or add insecure: true for a local server");
    }

    @Test
    @DisplayName("Something that is not a git URL says what one looks like")
    void notAUrl() {
        assertThat(problemsOf(REPO.replace("https://git.example.com/acme/deploy.git", "ftp://example.com/x") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.url", 7) + "'ftp://example.com/x' is not a git URL; write https://host/path.git, "
                        + "ssh://git@host/path.git or git@host:path.git");
    }

    @Test
    @DisplayName("A token in the URL is refused without repeating it")
    void credentialsInUrl() {
        String problems = problemsOf(REPO.replace("https://git.example.com", "https://x:ghp_secret@git.example.com") + KUSTOMIZE.indent(12));
        assertThat(problems).isEqualTo(at("git.deploy-repo.url", 7) + "the URL carries credentials; give them with credentials: env:GIT_TOKEN instead");
    }

    @Test
    @DisplayName("Inline credentials are refused without repeating them")
    void inlineCredentials() {
        assertThat(problemsOf(REPO.replace("env:GIT_TOKEN", "ghp_secret") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.credentials", 9)
                        + "credentials are never written inline; say where they come from: env:VARIABLE or file:/path/to/file");
    }

    @Test
    @DisplayName("An ssh repository reads its known-hosts file from knownHosts:")
    void knownHosts() {
        PipelineConfig config = load(REPO.replace("https://git.example.com/acme/deploy.git", "ssh://git@git.example.com/acme/deploy.git")
                .replace("env:GIT_TOKEN", "file:/etc/signoff/deploy-key").replace("branch: main", "branch: main\n    knownHosts: file:/etc/signoff/known_hosts")
                + KUSTOMIZE.indent(12));
        assertThat(config.requireStage("shop", "prod").gitops().repo().knownHosts()).isEqualTo("/etc/signoff/known_hosts");
    }

    @Test
    @DisplayName("knownHosts: on an https repository is refused")
    void knownHostsOnHttps() {
        assertThat(problemsOf(REPO.replace("branch: main", "branch: main\n    knownHosts: file:/etc/signoff/known_hosts") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.knownHosts", 9) + "knownHosts: is for ssh repositories; https://git.example.com/acme/deploy.git is not one");
    }

    @Test
    @DisplayName("knownHosts: that is not file:/absolute/path is refused")
    void knownHostsNotAFile() {
        assertThat(problemsOf(REPO.replace("https://git.example.com/acme/deploy.git", "git@git.example.com:acme/deploy.git")
                .replace("env:GIT_TOKEN", "file:/etc/signoff/deploy-key").replace("branch: main", "branch: main\n    knownHosts: ~/.ssh/known_hosts")
                + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.knownHosts", 9) + "'~/.ssh/known_hosts' is not a file; write knownHosts: file:/etc/signoff/known_hosts "
                        + "(an absolute path)");
    }

    @Test
    @DisplayName("An ssh repository needs its key as a file")
    void sshNeedsKeyFile() {
        assertThat(problemsOf(REPO.replace("https://git.example.com/acme/deploy.git", "ssh://git@git.example.com/acme/deploy.git") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.credentials", 9)
                        + "an ssh repository needs its private key as a file, like credentials: file:/etc/signoff/deploy-key");
    }

    @Test
    @DisplayName("A branch name git would refuse is refused")
    void badBranch() {
        assertThat(problemsOf(REPO.replace("branch: main", "branch: main..x") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.branch", 8) + "'main..x' is not a valid branch name, like main");
    }

    @Test
    @DisplayName("An author without an email says what it needs")
    void authorWithoutEmail() {
        assertThat(problemsOf(REPO.replace("author: { name: Signoff, email: signoff@example.com }", "author: { name: Signoff }") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.author", 10) + "'email' is required, like email: signoff@example.com");
    }

    @Test
    @DisplayName("An unknown provider lists the providers")
    void badProvider() {
        assertThat(problemsOf(REPO.replace("branch: main", "branch: main\n    provider: bitbucket") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.provider", 9) + "'bitbucket' is not a provider; the providers are github, gitlab");
    }

    @Test
    @DisplayName("A stage naming a repository that is not defined lists the repositories")
    void unknownRepo() {
        assertThat(problemsOf(stage(KUSTOMIZE.replace("repo: deploy-repo", "repo: other"), "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.repo", 19) + "'other' names a git repository that is not defined; git repositories are deploy-repo");
    }

    @Test
    @DisplayName("A path outside the repository or not a YAML file is refused")
    void badPath() {
        assertThat(problemsOf(stage(KUSTOMIZE.replace("envs/prod/kustomization.yaml", "../kustomization.yaml"), "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.path", 20) + "'../kustomization.yaml' is not a YAML file's path inside the repository, "
                        + "like envs/prod/kustomization.yaml (relative, without . or ..)");
    }

    @Test
    @DisplayName("A file that is not a kustomization, without key or container, asks which kind it is")
    void whatToEdit() {
        assertThat(problemsOf(stage("repo: deploy-repo\npath: envs/prod/values.yaml\n", "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.path", 20) + "'envs/prod/values.yaml' is not a kustomization.yaml; "
                        + "for a Helm values file add key: image.digest, for a manifest add container: shop");
    }

    @Test
    @DisplayName("key and container together are refused")
    void keyAndContainer() {
        assertThat(problemsOf(stage("repo: deploy-repo\npath: values.yaml\nkey: image.digest\ncontainer: shop\n", "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.container", 22)
                        + "say what to edit in one way: key: (a Helm values file) or container: (a manifest), not both");
    }

    @Test
    @DisplayName("image with key is refused: it names a kustomization's entry")
    void imageWithKey() {
        assertThat(problemsOf(stage("repo: deploy-repo\npath: values.yaml\nimage: shop\nkey: image.digest\n", "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.image", 21)
                        + "image: names a kustomization's images[] entry; a Helm values file takes key: and repositoryKey:");
    }

    @Test
    @DisplayName("repositoryKey without key is refused")
    void repositoryKeyAlone() {
        assertThat(problemsOf(stage("repo: deploy-repo\npath: values.yaml\nrepositoryKey: image.repository\n", "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.repositoryKey", 21)
                        + "repositoryKey: goes with key:, the Helm value that takes the digest, like key: image.digest");
    }

    @Test
    @DisplayName("A workload that is not kind/name is refused")
    void badWorkload() {
        assertThat(problemsOf(stage("repo: deploy-repo\npath: shop.yaml\ncontainer: shop\nworkload: shop\n", "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.workload", 22) + "'shop' is not a workload kind/name, like deployment/shop");
    }

    @Test
    @DisplayName("Pull-request mode reads with the API's base URL given by api:")
    void pullRequest() {
        PipelineConfig config = load(REPO.replace("branch: main", "branch: main\n    api: http://127.0.0.1:8089/api/v3/\n    insecure: true")
                .replace("https://git.example.com", "http://127.0.0.1:8088") + (KUSTOMIZE + "pullRequest: true\n").indent(12));
        GitDeploy git = config.requireStage("shop", "prod").gitops();
        assertThat(git.pullRequest()).isTrue();
        assertThat(git.repo().api()).isEqualTo("http://127.0.0.1:8089/api/v3");
    }

    @Test
    @DisplayName("Pull-request mode on a repository without credentials is refused: the token opens the request")
    void pullRequestWithoutCredentials() {
        assertThat(problemsOf(stage(KUSTOMIZE + "pullRequest: true\n", "").replace("    credentials: env:GIT_TOKEN\n", "")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.pullRequest", 21)
                        + "pull-request mode opens the pull request with the repository's token; give git.deploy-repo credentials: env:GIT_TOKEN");
    }

    @Test
    @DisplayName("Pull-request mode on an ssh repository is refused: the forge's API needs a token, not the key")
    void pullRequestOverSsh() {
        assertThat(problemsOf(stage(KUSTOMIZE + "pullRequest: true\n", "").replace("https://git.example.com/acme/deploy.git", "git@git.example.com:acme/deploy.git")
                .replace("env:GIT_TOKEN", "file:/etc/signoff/deploy-key")))
                .isEqualTo(at("apps.shop.stages[0].deploy.git.pullRequest", 22)
                        + "pull-request mode opens the pull request with a token, and git.deploy-repo is an ssh repository whose credentials are its key; "
                        + "use its https URL with a token");
    }

    @Test
    @DisplayName("An api: that is not an http(s) URL is refused")
    void badApi() {
        assertThat(problemsOf(REPO.replace("branch: main", "branch: main\n    api: api.github.example.com") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.api", 9) + "'api.github.example.com' is not the base URL of a REST API; write https://host/api/v4 (GitLab) "
                        + "or https://host/api/v3 (GitHub Enterprise), without credentials or a query");
    }

    @Test
    @DisplayName("A plain http api: without insecure: true is refused")
    void plainHttpApi() {
        assertThat(problemsOf(REPO.replace("branch: main", "branch: main\n    api: http://ghe.example.com/api/v3") + KUSTOMIZE.indent(12)))
                .isEqualTo(at("git.deploy-repo.api", 9) + "'http://ghe.example.com/api/v3' is plain http, which sends the token in the clear; "
                        + "use https, or add insecure: true for a local server");
    }

    @Test
    @DisplayName("analysis on a GitOps stage is refused: its queries need the workload Signoff deploys")
    void analysisNotYet() {
        String yaml = REPO.replace("clusters:", "monitoring:\n  main: { url: http://127.0.0.1:9090 }\nclusters:")
                .replace("        approval: none\n", "        approval: none\n        analysis: { prometheus: main, queries: [ { name: up, query: up, min: 1 } ] }\n")
                + KUSTOMIZE.indent(12);
        assertThat(problemsOf(yaml)).isEqualTo(at("apps.shop.stages[0].analysis", 19)
                + "analysis is not available yet for a GitOps deploy (deploy.git): it measures a workload Signoff deploys itself; "
                + "use deploy: { cluster, namespace, workload }, or leave analysis to the GitOps controller");
    }

    @Test
    @DisplayName("Argo CD and Flux together are refused")
    void bothControllers() {
        assertThat(problemsOf(stage(KUSTOMIZE, ARGOCD + "flux: { cluster: prod, namespace: flux-system, kustomization: shop }\n")))
                .isEqualTo(at("apps.shop.stages[0].deploy.flux", 23) + "a stage waits for one GitOps controller, Argo CD or Flux, not both");
    }

    @Test
    @DisplayName("A controller on a cluster that is not defined lists the clusters")
    void unknownCluster() {
        assertThat(problemsOf(stage(KUSTOMIZE, ARGOCD.replace("cluster: prod", "cluster: dev"))))
                .isEqualTo(at("apps.shop.stages[0].deploy.argocd.cluster", 22) + "'dev' names a cluster that is not defined; clusters are prod");
    }

    @Test
    @DisplayName("An Argo CD entry without its application says so")
    void missingApplication() {
        assertThat(problemsOf(stage(KUSTOMIZE, "argocd: { cluster: prod, namespace: argocd }\n")))
                .isEqualTo(at("apps.shop.stages[0].deploy.argocd", 22) + "'application' is required, like application: shop");
    }

    @Test
    @DisplayName("A key the GitOps deploy does not know lists the known ones")
    void unknownKey() {
        assertThat(problemsOf(stage(KUSTOMIZE, "workload: deployment/shop\n")))
                .isEqualTo(at("apps.shop.stages[0].deploy.workload", 22) + "'workload' is not a known key here; the known keys are git, argocd, flux, timeout");
    }
}
