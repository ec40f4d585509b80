package dev.signoff.pipelines;

import dev.signoff.promotion.PipelineConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Loads a pipelines file: YAML into a node tree, the tree through the section readers. */
final class PipelinesFile {
    private PipelinesFile() {
    }

    /** The validated config, or a {@link PipelinesConfigException} listing every problem found. */
    static PipelineConfig load(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new PipelinesConfigException(List.of(name + ": the file does not exist (looked for "
                    + file.toAbsolutePath().normalize() + ")"));
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml().compose(reader);
        } catch (MarkedYAMLException e) {
            throw new PipelinesConfigException(syntaxError(name, e), e);
        } catch (YAMLException | IOException e) {
            throw new PipelinesConfigException(name + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new PipelinesConfigException(List.of(name + ": the file is empty; it needs at least apps: with one app and its stages"));
        }
        Problems problems = new Problems(name);
        return PipelineReader.read(YamlNode.root(root, problems), problems);
    }

    /** "pipelines.yaml (line 4): not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence at line 3)". */
    private static String syntaxError(String name, MarkedYAMLException e) {
        Mark problemMark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String where = problemMark == null ? name : name + " (line " + (problemMark.getLine() + 1) + ")";
        if (e.getProblem() == null) {
            return where + ": not valid YAML: " + e.getMessage();
        }
        Mark contextMark = e.getContextMark();
        String context = e.getContext() == null ? ""
                : " (" + e.getContext() + (contextMark == null || contextMark == problemMark ? "" : " at line " + (contextMark.getLine() + 1)) + ")";
        return where + ": not valid YAML: " + e.getProblem() + context;
    }
}
