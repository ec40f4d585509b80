/**
 * GitOps: a stage that deploys by committing the approved digest to its deployment repository
 * (a kustomization's images[] entry, a Helm values key or a manifest's container, edited in
 * place) with JGit, fast-forward only, and then waits for the Argo CD Application or Flux
 * Kustomization that applies the repository. In pull-request mode the commit goes through a GitHub
 * pull request or GitLab merge request, merged by people. Adds the {@code commit} and {@code sync} step kinds.
 */
@org.springframework.modulith.ApplicationModule(displayName = "GitOps",
        allowedDependencies = {"promotion", "promotion::spi", "promotion::steps", "promotion::events", "kubernetes::clients"})
package dev.signoff.gitops;
