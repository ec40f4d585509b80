package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.BuildSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Apps: where their images are built (source)")
class SourceRulesTest extends PipelinesFileTestSupport {

    /** A registry and an app whose source block starts on line 6. */
    private static final String PRELUDE = """
            registries:
              sandbox: { host: localhost:5000 }
            apps:
              shop:
                source:
            """;

    private static final String STAGES = """
                stages:
                  - { name: dev, image: sandbox/shop:dev, approval: none }
            """;

    @Test
    @DisplayName("A source names the CI repository and the tag template its builds push")
    void readsSource() {
        AppConfig shop = load(PRELUDE + """
                      repository: acme/shop
                      tag: "sha-{sha7}"
                """ + STAGES).app("shop").orElseThrow();

        assertThat(shop.source()).isEqualTo(new BuildSource("acme/shop", "sha-{sha7}"));
        assertThat(shop.source().tag("3484A3FB816E0859FD6E1CEA078D76385FF50625", "main", "7")).isEqualTo("sha-3484a3f");
    }

    @Test
    @DisplayName("An app without source is valid: CI notifications then have to name its image")
    void sourceIsOptional() {
        AppConfig shop = load("""
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                """ + STAGES).app("shop").orElseThrow();

        assertThat(shop.buildSource()).isEmpty();
    }

    @Test
    @DisplayName("A source without a repository says what to write")
    void missingRepository() {
        assertThat(problemsOf(PRELUDE + """
                      tag: "sha-{sha7}"
                """ + STAGES)).isEqualTo(at("apps.shop.source", 5)
                + "'repository' is required, like repository: acme/shop (GitHub owner/repo, GitLab path, Jenkins job)");
    }

    @Test
    @DisplayName("A source without a tag template says what to write")
    void missingTag() {
        assertThat(problemsOf(PRELUDE + """
                      repository: acme/shop
                """ + STAGES)).isEqualTo(at("apps.shop.source", 5) + "'tag' is required, like tag: \"sha-{sha7}\"");
    }

    @Test
    @DisplayName("An unknown placeholder in the tag template names the placeholders there are")
    void unknownPlaceholder() {
        assertThat(problemsOf(PRELUDE + """
                      repository: acme/shop
                      tag: "build-{number}"
                """ + STAGES)).isEqualTo(at("apps.shop.source.tag", 7)
                + "'{number}' in 'build-{number}' is not a placeholder; the placeholders are {sha}, {sha7}, {branch}, {run}");
    }

    @Test
    @DisplayName("A brace that is not part of a placeholder is refused")
    void strayBrace() {
        assertThat(problemsOf(PRELUDE + """
                      repository: acme/shop
                      tag: "sha-{sha7"
                """ + STAGES)).isEqualTo(at("apps.shop.source.tag", 7)
                + "'sha-{sha7' has a '{' or '}' that is not part of a placeholder such as {sha7}");
    }

    @Test
    @DisplayName("A template that cannot give a valid tag shows what it would render")
    void invalidTag() {
        assertThat(problemsOf(PRELUDE + """
                      repository: acme/shop
                      tag: "builds/{sha7}"
                """ + STAGES)).isEqualTo(at("apps.shop.source.tag", 7)
                + "'builds/{sha7}' does not give a valid tag (it renders like 'builds/0123456'; a tag has letters, digits, '_', '.' and '-',"
                + " starts with a letter, digit or '_', at most 128)");
    }

    @Test
    @DisplayName("An unknown key in source names the known ones")
    void unknownKey() {
        assertThat(problemsOf(PRELUDE + """
                      repository: acme/shop
                      tag: "sha-{sha7}"
                      workflow: build
                """ + STAGES)).isEqualTo(at("apps.shop.source.workflow", 8) + "'workflow' is not a known key here; the known keys are repository, tag");
    }

    @Test
    @DisplayName("Rendering fills every placeholder, makes a branch fit a tag, and refuses a value the build did not give")
    void rendering() {
        BuildSource source = new BuildSource("acme/shop", "{branch}-{run}-{sha}");

        assertThat(source.tag("abcdef0123456789", "feature/login", "12")).isEqualTo("feature-login-12-abcdef0123456789");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> source.tag("abcdef0", "main", null)))
                .hasMessage("the tag template '{branch}-{run}-{sha}' needs {run}, which the notification does not carry");
        assertThat(source.isFor("ACME/Shop")).isTrue();
    }
}
