package dev.signoff.promotion;

import java.time.Duration;
import java.util.Optional;

/**
 * A stage that deploys through GitOps: Signoff writes the pinned image into one file of a git
 * repository ({@code path}, edited as {@code edit} says), commits and pushes it (or opens a pull
 * request), and, when the stage names the GitOps controller that applies the repository, waits
 * until that controller reports the commit synced and healthy, for at most {@code timeout}.
 */
public record GitDeploy(GitRepo repo, String path, Edit edit, boolean pullRequest, Controller controller, Duration timeout) {

    /** What to change in the file. */
    public sealed interface Edit {
        /** "the images[] entry named shop", for messages. */
        String describe();
    }

    /** A kustomization's {@code images[]} entry named {@code image}: newName and digest set, newTag dropped. */
    public record KustomizeImage(String image) implements Edit {
        public String describe() {
            return "the images[] entry named " + image;
        }
    }

    /** A Helm values file: the dotted {@code key} set to the digest, and {@code repositoryKey} (optional) to the image's repository. */
    public record HelmValue(String key, String repositoryKey) implements Edit {
        public String describe() {
            return "the value " + key + (repositoryKey != null ? " and " + repositoryKey : "");
        }
    }

    /** A plain manifest: the image of the named container, in the workload {@code kind/name} when the file has several. */
    public record ManifestContainer(String container, String workload) implements Edit {
        public String describe() {
            return "the image of container " + container + (workload != null ? " in " + workload : "");
        }
    }

    /** The controller that applies the repository: an Argo CD Application or a Flux Kustomization. */
    public record Controller(Kind kind, String cluster, String namespace, String name) {
        public enum Kind {
            ARGOCD("Argo CD", "Application"), FLUX("Flux", "Kustomization");

            private final String product;
            private final String resource;

            Kind(String product, String resource) {
                this.product = product;
                this.resource = resource;
            }

            public String product() {
                return product;
            }

            public String resource() {
                return resource;
            }
        }

        /** "Argo CD Application argocd/shop-prod on cluster prod". */
        public String describe() {
            return kind.product() + " " + kind.resource() + " " + namespace + "/" + name + " on cluster " + cluster;
        }
    }

    public Optional<Controller> syncedBy() {
        return Optional.ofNullable(controller);
    }

    /** "envs/prod/kustomization.yaml in git repository deploy-repo (…), branch main". */
    public String describe() {
        return path + " in " + repo.describe();
    }
}
