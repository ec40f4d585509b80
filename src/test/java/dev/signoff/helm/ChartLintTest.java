package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("helm lint --strict")
class ChartLintTest {
    @TempDir
    Path workDir;

    @Test
    @DisplayName("passes with the chart's default values")
    void defaults() {
        LintResult result = SignoffChart.lint(null, workDir);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
    }

    @Test
    @DisplayName("passes with the production values: PostgreSQL, ingress, secrets by reference, namespaced RBAC")
    void production() {
        LintResult result = SignoffChart.lint(SignoffChart.PRODUCTION_VALUES, workDir);

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]"));
    }

    @Test
    @DisplayName("fails on a value of the wrong type, naming the key")
    void badValue() {
        Path values = SignoffChart.write(workDir.resolve("bad.yaml"), "replicaCount: two\n");

        LintResult result = SignoffChart.lint(values, workDir);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("replicaCount");
    }
}
