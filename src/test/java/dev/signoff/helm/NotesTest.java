package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

@DisplayName("The notes helm prints after an install")
class NotesTest {

    @Test
    @DisplayName("say how to reach the console, where Slack, Discord and the hooks call, and where the API token is")
    void production() {
        String notes = SignoffChart.notes(SignoffChart.PRODUCTION_VALUES);

        assertThat(notes)
                .contains("kubectl -n signoff port-forward deployment/signoff 8080:8080")
                .contains("http://localhost:8080/console")
                .contains("https://signoff.example.com/slack/events")
                .contains("https://signoff.example.com/discord/interactions")
                .contains("https://signoff.example.com/hooks/<github|")
                .contains("kubectl -n signoff get secret signoff-api -o jsonpath='{.data.token}'")
                .doesNotContain("H2", "rbac.namespaces is empty");
    }

    @Test
    @DisplayName("warn, with the defaults, that nothing is reachable from outside and H2 is temporary; the example's namespaces get RBAC")
    void defaults() {
        String notes = SignoffChart.notes(null);

        assertThat(notes)
                .contains("No ingress: Slack and Discord cannot reach")
                .contains("No API token")
                .contains("embedded H2 database in an emptyDir")
                .doesNotContain("rbac.namespaces is empty");
    }

    @Test
    @DisplayName("warn that Signoff may change nothing when no namespace is listed and the pipelines come from elsewhere")
    void noNamespaces(@TempDir Path dir) {
        Path values = SignoffChart.write(dir.resolve("values.yaml"), "existingConfigMap: team-pipelines\n");

        assertThat(SignoffChart.notes(values)).contains("rbac.namespaces is empty");
    }
}
