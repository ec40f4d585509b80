package dev.signoff.gitops;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.spi.StepFailure;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.signoff.gitops.YamlNodes.at;
import static dev.signoff.gitops.YamlNodes.child;
import static dev.signoff.gitops.YamlNodes.documents;
import static dev.signoff.gitops.YamlNodes.scalarAt;
import static dev.signoff.gitops.YamlNodes.single;
import static dev.signoff.gitops.YamlNodes.value;

/**
 * Changes the image in one YAML file of a deployment repository, in place: the nodes are found
 * with SnakeYAML's composer (which knows where each one starts and ends in the text) and only
 * their text is replaced, so every other byte, comment, key order, quote style and indentation
 * stays as it was. Nothing is ever dumped back from a tree: a round-trip drops comments.
 * <p>
 * Three kinds of file ({@link GitDeploy.Edit}): a kustomization's {@code images[]} entry gets
 * {@code newName} and {@code digest} and loses {@code newTag}; a Helm values file's dotted key is
 * set to the digest (and the repository key to the repository); a manifest's container gets the
 * image {@code <repository>@<digest>}. The edited text is read again to prove it says what was
 * meant. Failures name what is missing; the caller adds the repository, branch and file.
 */
final class FileEdit {
    private final GitDeploy.Edit edit;
    private final String repository;
    private final Digest digest;

    /** {@code repository} is what the cluster pulls, {@code <registry host>/<repository>}, without tag or digest. */
    FileEdit(GitDeploy.Edit edit, String repository, Digest digest) {
        this.edit = edit;
        this.repository = repository;
        this.digest = digest;
    }

    /** "the images[] entry named shop", for plans and messages. */
    String describe() {
        return edit.describe();
    }

    /** The image the file will name once edited, as {@link #current} reads it. */
    String target() {
        return switch (edit) {
            case GitDeploy.HelmValue helm when helm.repositoryKey() == null -> digest.toString();
            default -> repository + "@" + digest;
        };
    }

    /** The file's text with the image set; the same text when it already names it. */
    String apply(String text) {
        YamlSplices splices = new YamlSplices(text);
        switch (edit) {
            case GitDeploy.KustomizeImage k -> {
                MappingNode entry = kustomizeEntry(single(text), k.image());
                splices.set(entry, "newName", repository);
                splices.set(entry, "digest", digest.toString());
                splices.remove(entry, "newTag");
            }
            case GitDeploy.HelmValue helm -> {
                Node doc = single(text);
                splices.setPath(doc, helm.key(), digest.toString());
                if (helm.repositoryKey() != null) {
                    splices.setPath(doc, helm.repositoryKey(), repository);
                }
            }
            case GitDeploy.ManifestContainer m -> splices.set(container(text, m), "image", target());
        }
        String edited = splices.applied();
        String readBack = current(edited);
        if (!target().equals(readBack)) {
            throw new StepFailure("editing " + edit.describe() + " would not give " + target() + " (it would read " + readBack
                    + "); the file's layout is one Signoff does not edit safely", false);
        }
        return edited;
    }

    /** What the file names now, in the form of {@link #target}: "registry.example.com/shop@sha256:…", "…:1.4", or null. */
    String current(String text) {
        return current(edit, text);
    }

    /** What {@code edit}'s place in the file names now, as {@link #current(String)}. */
    static String current(GitDeploy.Edit edit, String text) {
        return switch (edit) {
            case GitDeploy.KustomizeImage k -> {
                MappingNode entry = kustomizeEntry(single(text), k.image());
                String name = value(entry, "newName").orElseGet(() -> value(entry, "name").orElse(k.image()));
                Optional<String> d = value(entry, "digest");
                Optional<String> tag = value(entry, "newTag");
                yield d.map(x -> name + "@" + x).orElseGet(() -> tag.map(t -> name + ":" + t).orElse(name));
            }
            case GitDeploy.HelmValue helm -> {
                Node doc = single(text);
                String d = scalarAt(doc, helm.key());
                if (helm.repositoryKey() == null) {
                    yield d;
                }
                String repo = scalarAt(doc, helm.repositoryKey());
                yield repo == null ? d : repo + (d == null || d.isEmpty() ? "" : "@" + d);
            }
            case GitDeploy.ManifestContainer m -> value(container(text, m), "image").orElse(null);
        };
    }

    private static MappingNode kustomizeEntry(Node doc, String image) {
        Node images = doc instanceof MappingNode m ? child(m, "images") : null;
        if (!(images instanceof SequenceNode list)) {
            throw new StepFailure("the kustomization has no images: list, so no images[] entry named " + image, false);
        }
        return list.getValue().stream()
                .filter(item -> item instanceof MappingNode entry && value(entry, "name").filter(image::equals).isPresent())
                .map(MappingNode.class::cast).findFirst()
                .orElseThrow(() -> new StepFailure("the kustomization has no images[] entry named " + image + "; its entries are "
                        + String.join(", ", list.getValue().stream().filter(MappingNode.class::isInstance)
                        .map(item -> value((MappingNode) item, "name").orElse("?")).toList()), false));
    }

    private static MappingNode container(String text, GitDeploy.ManifestContainer wanted) {
        List<String> where = new ArrayList<>();
        List<MappingNode> found = new ArrayList<>();
        for (Node doc : documents(text)) {
            if (!(doc instanceof MappingNode workload)) {
                continue;
            }
            String kind = value(workload, "kind").orElse("");
            String name = child(workload, "metadata") instanceof MappingNode meta ? value(meta, "name").orElse("") : "";
            String ref = kind.toLowerCase(Locale.ROOT) + "/" + name;
            if (wanted.workload() != null && !wanted.workload().equalsIgnoreCase(ref)) {
                continue;
            }
            Node podSpec = switch (kind) {
                case "Pod" -> child(workload, "spec");
                case "CronJob" -> at(workload, "spec", "jobTemplate", "spec", "template", "spec");
                default -> at(workload, "spec", "template", "spec");
            };
            for (String list : List.of("containers", "initContainers")) {
                if (podSpec instanceof MappingNode spec && child(spec, list) instanceof SequenceNode containers) {
                    for (Node c : containers.getValue()) {
                        if (c instanceof MappingNode container && value(container, "name").filter(wanted.container()::equals).isPresent()) {
                            found.add(container);
                            where.add(ref);
                        }
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw new StepFailure("the file has no container named " + wanted.container()
                    + (wanted.workload() != null ? " in " + wanted.workload() : ""), false);
        }
        if (found.size() > 1) {
            throw new StepFailure("the file has a container named " + wanted.container() + " in " + String.join(" and ", where)
                    + "; say which with workload: kind/name", false);
        }
        return found.getFirst();
    }

}
