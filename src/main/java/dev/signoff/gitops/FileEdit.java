package dev.signoff.gitops;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.GitDeploy;
import dev.signoff.promotion.spi.StepFailure;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
        List<Splice> splices = new ArrayList<>();
        switch (edit) {
            case GitDeploy.KustomizeImage k -> {
                Node doc = single(text);
                MappingNode entry = kustomizeEntry(doc, k.image());
                set(text, entry, "newName", repository, splices);
                set(text, entry, "digest", digest.toString(), splices);
                remove(text, entry, "newTag", splices);
            }
            case GitDeploy.HelmValue helm -> {
                Node doc = single(text);
                setPath(text, doc, helm.key(), digest.toString(), splices);
                if (helm.repositoryKey() != null) {
                    setPath(text, doc, helm.repositoryKey(), repository, splices);
                }
            }
            case GitDeploy.ManifestContainer m -> {
                MappingNode container = container(text, m);
                set(text, container, "image", target(), splices);
            }
        }
        String edited = Splice.applyAll(text, splices);
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

    // --- finding nodes ---------------------------------------------------------------------

    private static Node single(String text) {
        List<Node> docs = documents(text);
        if (docs.size() != 1) {
            throw new StepFailure("the file holds " + docs.size() + " YAML documents where one was expected", false);
        }
        return docs.getFirst();
    }

    private static List<Node> documents(String text) {
        try {
            List<Node> docs = new ArrayList<>();
            new Yaml(new LoaderOptions()).composeAll(new StringReader(text)).forEach(docs::add);
            return docs;
        } catch (MarkedYAMLException e) {
            throw new StepFailure("the file is not valid YAML (line " + (e.getProblemMark().getLine() + 1) + "): " + e.getProblem(), false);
        } catch (YAMLException e) {
            throw new StepFailure("the file is not valid YAML: " + e.getMessage(), false);
        }
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

    private static Node at(Node node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof MappingNode m)) {
                return null;
            }
            node = child(m, key);
        }
        return node;
    }

    private static String scalarAt(Node doc, String dotted) {
        return at(doc, dotted.split("\\.")) instanceof ScalarNode s ? s.getValue() : null;
    }

    private static Optional<NodeTuple> tuple(MappingNode mapping, String key) {
        return mapping.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)).findFirst();
    }

    private static Node child(MappingNode mapping, String key) {
        return tuple(mapping, key).map(NodeTuple::getValueNode).orElse(null);
    }

    private static Optional<String> value(MappingNode mapping, String key) {
        return child(mapping, key) instanceof ScalarNode s && !s.getValue().isEmpty() ? Optional.of(s.getValue()) : Optional.empty();
    }

    // --- changing text ---------------------------------------------------------------------

    private static void setPath(String text, Node doc, String dotted, String value, List<Splice> splices) {
        String[] keys = dotted.split("\\.");
        Node node = doc;
        for (int i = 0; i < keys.length - 1; i++) {
            Node next = node instanceof MappingNode m ? child(m, keys[i]) : null;
            if (!(next instanceof MappingNode)) {
                throw new StepFailure("the values file has no mapping " + String.join(".", java.util.Arrays.copyOf(keys, i + 1))
                        + " (for " + dotted + ")", false);
            }
            node = next;
        }
        if (!(node instanceof MappingNode parent)) {
            throw new StepFailure("the values file is not a mapping, so it has no " + dotted, false);
        }
        set(text, parent, keys[keys.length - 1], value, splices);
    }

    /** Sets {@code key} in {@code mapping} to {@code value}: its value's text replaced, or a new entry after the last one. */
    private static void set(String text, MappingNode mapping, String key, String value, List<Splice> splices) {
        Optional<NodeTuple> existing = tuple(mapping, key);
        if (existing.isPresent()) {
            Node node = existing.get().getValueNode();
            if (!(node instanceof ScalarNode scalar)) {
                throw new StepFailure(key + " holds " + (node instanceof MappingNode ? "a mapping" : "a list") + " where a single value was expected", false);
            }
            int start = offset(text, scalar.getStartMark().getIndex());
            int end = offset(text, scalar.getEndMark().getIndex());
            String replacement = switch (scalar.getScalarStyle()) {
                case SINGLE_QUOTED -> "'" + value + "'";
                case DOUBLE_QUOTED -> "\"" + value + "\"";
                case PLAIN -> start == end && start > 0 && text.charAt(start - 1) == ':' ? " " + value
                        : mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW && start == end ? "\"" + value + "\"" : value;
                default -> throw new StepFailure(key + " is written as a block scalar (| or >); write it as a single-line value", false);
            };
            if (!text.substring(start, end).equals(replacement)) {
                splices.add(new Splice(start, end, replacement));
            }
            return;
        }
        List<NodeTuple> entries = mapping.getValue();
        if (entries.isEmpty()) {
            throw new StepFailure("the mapping for " + key + " is empty; add " + key + ": to it once by hand", false);
        }
        Node lastValue = entries.getLast().getValueNode();
        int lastEnd = offset(text, lastValue.getEndMark().getIndex());
        if (mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            splices.add(new Splice(lastEnd, lastEnd, ", " + key + ": \"" + value + "\""));
            return;
        }
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        Node firstKey = entries.getFirst().getKeyNode();
        String indent = " ".repeat(firstKey.getStartMark().getColumn());
        int at;
        if (lastEnd > 0 && text.charAt(lastEnd - 1) == '\n') {
            at = lastEnd;
        } else {
            int eol = text.indexOf('\n', lastEnd);
            at = eol < 0 ? text.length() : eol + 1;
        }
        String line = indent + key + ": " + value + newline;
        splices.add(new Splice(at, at, at == text.length() && !text.isEmpty() && !text.endsWith("\n") ? newline + line.stripTrailing() : line));
    }

    /** Removes {@code key} from {@code mapping} if it is there: its lines in a block mapping, its text in a flow one. */
    private static void remove(String text, MappingNode mapping, String key, List<Splice> splices) {
        List<NodeTuple> entries = mapping.getValue();
        int index = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                index = i;
            }
        }
        if (index < 0) {
            return;
        }
        NodeTuple tuple = entries.get(index);
        int keyStart = offset(text, tuple.getKeyNode().getStartMark().getIndex());
        int valueEnd = offset(text, tuple.getValueNode().getEndMark().getIndex());
        int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        boolean ownLine = text.substring(lineStart, keyStart).isBlank();
        if (mapping.getFlowStyle() != DumperOptions.FlowStyle.FLOW && ownLine) {
            int eol = text.indexOf('\n', valueEnd > 0 && text.charAt(valueEnd - 1) == '\n' ? valueEnd - 1 : valueEnd);
            splices.add(new Splice(lineStart, eol < 0 ? text.length() : eol + 1, ""));
        } else if (index + 1 < entries.size()) {
            int nextKey = offset(text, entries.get(index + 1).getKeyNode().getStartMark().getIndex());
            splices.add(new Splice(keyStart, nextKey, ""));
        } else if (index > 0) {
            int previousEnd = offset(text, entries.get(index - 1).getValueNode().getEndMark().getIndex());
            splices.add(new Splice(previousEnd, valueEnd, ""));
        } else {
            throw new StepFailure("the entry holds only " + key + "; edit it once by hand", false);
        }
    }

    /** SnakeYAML counts code points; Java strings count UTF-16 units. */
    private static int offset(String text, int codePoints) {
        return text.offsetByCodePoints(0, codePoints);
    }

    /** A piece of text replaced: [start, end) by {@code text}. */
    record Splice(int start, int end, String text) {
        static String applyAll(String original, List<Splice> splices) {
            StringBuilder out = new StringBuilder(original);
            // From the end backwards, so offsets stay true; of two insertions at one place, the
            // one added first ends up first.
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, splices.size()).boxed().toList());
            order.sort(Comparator.<Integer>comparingInt(i -> splices.get(i).start()).thenComparingInt(i -> i).reversed());
            List<Splice> ordered = order.stream().map(splices::get).toList();
            for (int i = 1; i < ordered.size(); i++) {
                if (ordered.get(i).end() > ordered.get(i - 1).start()) {
                    throw new IllegalStateException("overlapping edits " + ordered.get(i) + " and " + ordered.get(i - 1));
                }
            }
            ordered.forEach(s -> out.replace(s.start(), s.end(), s.text()));
            return out.toString();
        }
    }
}
