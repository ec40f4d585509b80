package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The pipelines file as a whole, people, groups and registries")
class PipelinesFileTest extends PipelinesFileTestSupport {

    @Test
    @DisplayName("A file that is not there names the file and where it was looked for")
    void missingFile() {
        Path missing = dir.resolve("nowhere/pipelines.yaml");

        PipelinesConfigException e = catchThrowableOfType(PipelinesConfigException.class, () -> PipelinesFile.load(missing));

        assertThat(e.getMessage()).isEqualTo(missing + ": the file does not exist (looked for " + missing.toAbsolutePath() + ")");
    }

    @Test
    @DisplayName("An empty file (or only comments) says it is empty and what it needs")
    void emptyFile() {
        assertThat(problemsOf("# nothing yet\n"))
                .isEqualTo(file() + ": the file is empty; it needs at least apps: with one app and its stages");
    }

    @Test
    @DisplayName("A YAML syntax error names the file, the line and the parser's complaint")
    void yamlSyntaxError() {
        String problems = problemsOf("""
                registries:
                  sandbox: { host: localhost:5000
                apps: {}
                """);

        assertThat(problems).startsWith(file() + " (line 3): not valid YAML: ")
                .contains("while parsing a flow mapping at line 2");
    }

    @Test
    @DisplayName("An unknown top-level key lists the known ones")
    void unknownTopLevelKey() {
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: localhost:5000 }
                pipelines:
                  shop: {}
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """)).isEqualTo(at("pipelines", 3)
                + "'pipelines' is not a known key here; the known keys are people, groups, registries, clusters, cloudflare, monitoring, git, apps, releases");
    }

    @Test
    @DisplayName("An unknown nested key lists the keys known at that place")
    void unknownNestedKey() {
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: localhost:5000, tls: false }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """)).isEqualTo(at("registries.sandbox.tls", 2)
                + "'tls' is not a known key here; the known keys are host, insecure, credentials, layout, copyAttachments");
    }

    @Test
    @DisplayName("A file without apps says apps are required")
    void missingApps() {
        assertThat(problemsOf("""
                people:
                  alice: {}
                """)).startsWith(file() + " (line 1): 'apps' is required");
    }

    @Test
    @DisplayName("A group member who is not a defined person is named, with the people there are")
    void unknownPersonInGroup() {
        assertThat(problemsOf("""
                people:
                  alice: { console: alice }
                  bob: {}
                groups:
                  qa: [alice, zoe]
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """)).isEqualTo(at("groups.qa[1]", 5) + "'zoe' names a person who is not defined; people are alice, bob");
    }

    @Test
    @DisplayName("One chat id used by two people on the same platform is refused, naming the first owner")
    void duplicateIdentity() {
        assertThat(problemsOf("""
                people:
                  alice: { slack: U01ALICE, console: alice }
                  bob:   { slack: U01ALICE, console: alice2 }
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """)).isEqualTo(at("people.bob.slack", 3) + "slack id 'U01ALICE' is already used by alice (line 2)");
    }

    @Test
    @DisplayName("Inline credentials are refused without repeating them")
    void inlineCredentials() {
        String problems = problemsOf("""
                registries:
                  sandbox: { host: localhost:5000, credentials: "admin:s3cret" }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """);

        assertThat(problems).isEqualTo(at("registries.sandbox.credentials", 2)
                + "credentials are never written inline; say where they come from: env:VARIABLE or file:/path/to/file");
        assertThat(problems).doesNotContain("s3cret");
    }

    @Test
    @DisplayName("A registry host that is not host[:port] is refused with an example")
    void badRegistryHost() {
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: "https://localhost:5000" }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """)).isEqualTo(at("registries.sandbox.host", 2)
                + "'https://localhost:5000' is not a host; write host or host:port, like registry.example.com or localhost:5000");
    }

    @Test
    @DisplayName("Booleans are only true or false")
    void booleansAreTrueOrFalse() {
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: localhost:5000, insecure: yes }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """)).isEqualTo(at("registries.sandbox.insecure", 2) + "'yes' is not true or false");
    }

    @Test
    @DisplayName("Every problem in the file is reported at once, one per line, in file order")
    void allProblemsAtOnce() {
        PipelinesConfigException e = catchThrowableOfType(PipelinesConfigException.class, () -> load("""
                people:
                  Alice: {}
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: sometimes }
                      - { name: test, image: sandbox/shop:test, approval: none, freeze: [ "whenever" ] }
                """));

        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0)).startsWith(at("people.Alice", 2));
        assertThat(e.problems().get(1)).startsWith(at("apps.shop.stages[0].approval", 8) + "'sometimes' is not an approval");
        assertThat(e.problems().get(2)).startsWith(at("apps.shop.stages[1].freeze[0]", 9) + "'whenever' is not a freeze window");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }
}
