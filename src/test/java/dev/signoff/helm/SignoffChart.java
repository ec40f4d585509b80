package dev.signoff.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart under {@code helm/signoff}, linted and rendered with the helm library that helm-java
 * bundles (helm 3.21 as a native library, so no helm binary is needed).
 */
final class SignoffChart {
    static final Path CHART = Path.of("helm/signoff");
    static final Path PRODUCTION_VALUES = Path.of("src/test/resources/helm/production-values.yaml");
    static final String RELEASE = "signoff";
    static final String NAMESPACE = "signoff";
    /** The helm library defaults to Kubernetes v1.20.0 when rendering, below the chart's kubeVersion (>=1.25). */
    static final String KUBE_VERSION = "1.33.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private SignoffChart() {
    }

    /**
     * {@code helm lint --strict} with the chart's own values overlaid with {@code valuesFile} (or
     * none). helm-java's lint takes no values files, so this lints a copy of the chart whose
     * values.yaml is what {@code helm lint -f valuesFile} would see: the defaults, coalesced with
     * the file the way helm does it (maps merge key by key, anything else replaces, null removes).
     */
    static LintResult lint(Path valuesFile, Path workDir) {
        Path chart = CHART;
        if (valuesFile != null) {
            chart = copyOfChart(workDir);
            Map<String, Object> values = coalesce(readYaml(CHART.resolve("values.yaml")), readYaml(valuesFile));
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
            write(chart.resolve("values.yaml"), new Yaml(options).dump(values));
        }
        return new Helm(chart).lint().strict().call();
    }

    /** A {@code helm template} of the chart as release "signoff" in namespace "signoff". */
    static TemplateCommand template() {
        return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    }

    static Rendered render(TemplateCommand command) {
        return Rendered.of(command.call());
    }

    static Rendered renderDefaults() {
        return render(template());
    }

    static Rendered renderProduction() {
        return render(template().withValuesFile(PRODUCTION_VALUES));
    }

    /** NOTES.txt as {@code helm install --dry-run} prints it (client only: no cluster is asked). */
    static String notes(Path valuesFile) {
        InstallCommand install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    /** The message helm fails with; fails the test when the chart renders. */
    static String failureOf(TemplateCommand command) {
        try {
            String rendered = command.call();
            throw new AssertionError("the chart rendered, but should have failed:\n" + rendered);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** Parses helm's output (YAML documents separated by ---) into fabric8's typed objects. */
    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> coalesce(Map<String, Object> defaults, Map<String, Object> overrides) {
        Map<String, Object> result = new LinkedHashMap<>(defaults);
        overrides.forEach((key, value) -> {
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> map && result.get(key) instanceof Map<?, ?> base) {
                result.put(key, coalesce((Map<String, Object>) base, (Map<String, Object>) map));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    static Map<String, Object> readYaml(Path file) {
        try {
            Map<String, Object> map = new Yaml().load(Files.readString(file));
            return map == null ? Map.of() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyOfChart(Path workDir) {
        Path target = workDir.resolve("signoff");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
