package dev.signoff.pipelines;

import dev.signoff.promotion.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A cursor on one node of the YAML tree that knows its path in the file ({@code apps.shop.stages[1]})
 * and its line (for a mapping value, the line of its key), so every reader can report a problem where it is. Scalars are always taken as their
 * raw text: Discord ids are longer than a long can hold exactly.
 * <p>
 * Reading methods never throw: they report to {@link Problems} and return null (or an empty result).
 */
final class YamlNode {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,9}");

    private final Node node;
    private final String path;
    private final int line;
    private final Problems problems;

    private YamlNode(Node node, String path, int line, Problems problems) {
        this.node = node;
        this.path = path;
        this.line = line;
        this.problems = problems;
    }

    static YamlNode root(Node node, Problems problems) {
        return new YamlNode(node, "", node.getStartMark().getLine() + 1, problems);
    }

    int line() {
        return line;
    }

    void problem(String text) {
        problems.add(path, line, text);
    }

    int problemCount() {
        return problems.count();
    }

    boolean isEmpty() {
        return node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isEmpty());
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** Whether this is a mapping with the given key (nothing is reported either way). */
    boolean has(String key) {
        return node instanceof MappingNode mapping && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    /**
     * A mapping whose keys the user chooses (people, apps...), in file order. An empty value counts as
     * an empty mapping.
     */
    Map<String, YamlNode> entries(String expected) {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        if (isEmpty()) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem("must be " + expected + ", not " + kind());
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = keyNode.getStartMark().getLine() + 1;
            if (!(keyNode instanceof ScalarNode key) || key.getValue().isEmpty()) {
                problems.add(path, keyLine, "keys must be plain names");
                continue;
            }
            String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
            YamlNode first = entries.get(key.getValue());
            if (first != null) {
                problems.add(childPath, keyLine, "'" + key.getValue() + "' appears twice (first at line " + first.line + ")");
                continue;
            }
            entries.put(key.getValue(), new YamlNode(tuple.getValueNode(), childPath, keyLine, problems));
        }
        return entries;
    }

    /** A mapping with a fixed set of keys; any other key is reported with the list of known ones. */
    Fields fields(String expected, String... known) {
        boolean isMapping = isEmpty() || node instanceof MappingNode;
        Map<String, YamlNode> entries = entries(expected);
        Set<String> knownKeys = Set.of(known);
        entries.entrySet().removeIf(entry -> {
            if (knownKeys.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().problem("'" + entry.getKey() + "' is not a known key here; "
                    + (known.length == 0 ? "nothing can be set here" : "the known keys are " + String.join(", ", known)));
            return true;
        });
        return new Fields(this, entries, isMapping);
    }

    /** The items of a list; an empty value counts as an empty list. */
    List<YamlNode> items() {
        List<YamlNode> items = new ArrayList<>();
        if (isEmpty()) {
            return items;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem("must be a list, not " + kind());
            return items;
        }
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            Node item = values.get(i);
            items.add(new YamlNode(item, path + "[" + i + "]", item.getStartMark().getLine() + 1, problems));
        }
        return items;
    }

    /** The items of a list that must have at least one, e.g. {@code atLeastOne("stage")}. */
    List<YamlNode> atLeastOne(String what) {
        int before = problems.count();
        List<YamlNode> items = items();
        if (items.isEmpty() && problems.count() == before) {
            problem("needs at least one " + what);
        }
        return items;
    }

    /** The raw text of a scalar, or null (reported) when the value is missing or not a single value. */
    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            problem("must be a single value, not " + kind());
            return null;
        }
        if (isEmpty()) {
            problem("needs a value");
            return null;
        }
        return scalar.getValue();
    }

    /** The text when it matches {@code pattern}; otherwise reports "'x' is not {@code what}". */
    String matching(Pattern pattern, String what) {
        String text = text();
        if (text != null && !pattern.matcher(text).matches()) {
            problem("'" + text + "' is not " + what);
            return null;
        }
        return text;
    }

    Boolean bool() {
        String text = text();
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem("'" + text + "' is not true or false");
                yield null;
            }
        };
    }

    Integer integer(int min, int max) {
        String text = text();
        if (text == null) {
            return null;
        }
        if (!WHOLE_NUMBER.matcher(text).matches() || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            problem("'" + text + "' is not a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
            return null;
        }
        return Integer.parseInt(text);
    }

    Duration duration() {
        return parsed(Durations::parse);
    }

    /** The text turned into a value by one of the core's parsers; their refusals become problems here. */
    <T> T parsed(Function<String, T> parser) {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problem(e.getMessage());
            return null;
        }
    }

    private String kind() {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            default -> "a single value";
        };
    }

    /** The keys present in a fixed-shape mapping. */
    static final class Fields {
        private final YamlNode owner;
        private final Map<String, YamlNode> entries;
        private final boolean isMapping;

        private Fields(YamlNode owner, Map<String, YamlNode> entries, boolean isMapping) {
            this.owner = owner;
            this.entries = entries;
            this.isMapping = isMapping;
        }

        YamlNode optional(String key) {
            return entries.get(key);
        }

        /** The key's value read by {@code read}, or {@code otherwise} when the key is absent. */
        <T> T get(String key, Function<YamlNode, T> read, T otherwise) {
            YamlNode value = entries.get(key);
            return value == null ? otherwise : read.apply(value);
        }

        /** The value of a key that must be there, read by {@code read}; null when absent or wrong. */
        <T> T require(String key, String example, Function<YamlNode, T> read) {
            YamlNode value = required(key, example);
            return value == null ? null : read.apply(value);
        }

        /** The value of a key that must be there; a missing one is reported on the mapping. */
        YamlNode required(String key, String example) {
            YamlNode value = entries.get(key);
            if (value == null && isMapping) {
                owner.problem("'" + key + "' is required, like " + example);
            }
            return value;
        }
    }
}
