package dev.signoff.gitops;

import dev.signoff.promotion.spi.StepFailure;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static dev.signoff.gitops.YamlNodes.child;
import static dev.signoff.gitops.YamlNodes.tuple;

/**
 * Edits to one YAML text, gathered and then applied at once ({@link #applied}): a value set in
 * place (its quote style kept) or a new entry added after a mapping's last one with the mapping's
 * indentation, an entry removed with its lines. Only the text of the nodes touched changes; every
 * other byte stays as it was.
 */
final class YamlSplices {
    private final String text;
    private final List<Splice> splices = new ArrayList<>();

    YamlSplices(String text) {
        this.text = text;
    }

    /** The text with every edit made. */
    String applied() {
        return Splice.applyAll(text, splices);
    }

    void setPath(Node doc, String dotted, String value) {
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
        set(parent, keys[keys.length - 1], value);
    }

    /** Sets {@code key} in {@code mapping} to {@code value}: its value's text replaced, or a new entry after the last one. */
    void set(MappingNode mapping, String key, String value) {
        Optional<NodeTuple> existing = tuple(mapping, key);
        if (existing.isPresent()) {
            Node node = existing.get().getValueNode();
            if (!(node instanceof ScalarNode scalar)) {
                throw new StepFailure(key + " holds " + (node instanceof MappingNode ? "a mapping" : "a list") + " where a single value was expected", false);
            }
            int start = offset(scalar.getStartMark().getIndex());
            int end = offset(scalar.getEndMark().getIndex());
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
        int lastEnd = offset(lastValue.getEndMark().getIndex());
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
    void remove(MappingNode mapping, String key) {
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
        int keyStart = offset(tuple.getKeyNode().getStartMark().getIndex());
        int valueEnd = offset(tuple.getValueNode().getEndMark().getIndex());
        int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        boolean ownLine = text.substring(lineStart, keyStart).isBlank();
        if (mapping.getFlowStyle() != DumperOptions.FlowStyle.FLOW && ownLine) {
            int eol = text.indexOf('\n', valueEnd > 0 && text.charAt(valueEnd - 1) == '\n' ? valueEnd - 1 : valueEnd);
            splices.add(new Splice(lineStart, eol < 0 ? text.length() : eol + 1, ""));
        } else if (index + 1 < entries.size()) {
            int nextKey = offset(entries.get(index + 1).getKeyNode().getStartMark().getIndex());
            splices.add(new Splice(keyStart, nextKey, ""));
        } else if (index > 0) {
            int previousEnd = offset(entries.get(index - 1).getValueNode().getEndMark().getIndex());
            splices.add(new Splice(previousEnd, valueEnd, ""));
        } else {
            throw new StepFailure("the entry holds only " + key + "; edit it once by hand", false);
        }
    }

    /** SnakeYAML counts code points; Java strings count UTF-16 units. */
    private int offset(int codePoints) {
        return text.offsetByCodePoints(0, codePoints);
    }

    /** A piece of text replaced: [start, end) by {@code text}. */
    private record Splice(int start, int end, String text) {
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
