package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
    @DisplayName("warn, with the defaults, that nothing is reachable from outside, H2 is temporary and RBAC is empty")
    void defaults() {
        String notes = SignoffChart.notes(null);

        assertThat(notes)
                .contains("No ingress: Slack and Discord cannot reach")
                .contains("No API token")
                .contains("embedded H2 database in an emptyDir")
                .contains("rbac.namespaces is empty");
    }
}
