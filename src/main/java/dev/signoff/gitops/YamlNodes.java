package dev.signoff.gitops;

import dev.signoff.promotion.spi.StepFailure;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finding nodes in a YAML text composed by SnakeYAML (each node knows where it starts and ends in
 * the text, which {@link YamlSplices} needs): the documents, a mapping's entries and values, a
 * dotted path. A text that is not YAML fails the step with the line of the problem.
 */
final class YamlNodes {
    private YamlNodes() {
    }

    static Node single(String text) {
        List<Node> docs = documents(text);
        if (docs.size() != 1) {
            throw new StepFailure("the file holds " + docs.size() + " YAML documents where one was expected", false);
        }
        return docs.getFirst();
    }

    static List<Node> documents(String text) {
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

    static Node at(Node node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof MappingNode m)) {
                return null;
            }
            node = child(m, key);
        }
        return node;
    }

    static String scalarAt(Node doc, String dotted) {
        return at(doc, dotted.split("\\.")) instanceof ScalarNode s ? s.getValue() : null;
    }

    static Optional<NodeTuple> tuple(MappingNode mapping, String key) {
        return mapping.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)).findFirst();
    }

    static Node child(MappingNode mapping, String key) {
        return tuple(mapping, key).map(NodeTuple::getValueNode).orElse(null);
    }

    static Optional<String> value(MappingNode mapping, String key) {
        return child(mapping, key) instanceof ScalarNode s && !s.getValue().isEmpty() ? Optional.of(s.getValue()) : Optional.empty();
    }
}
