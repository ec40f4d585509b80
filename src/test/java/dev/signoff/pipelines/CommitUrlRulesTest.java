package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.AppConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Apps: where their commits are shown (commitUrl)")
class CommitUrlRulesTest extends PipelinesFileTestSupport {

    /** A registry and an app whose commitUrl is on line 5. */
    private static String app(String commitUrl) {
        return """
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    commitUrl: %s
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """.formatted(commitUrl);
    }

    @Test
    @DisplayName("A GitHub template links a commit, the whole sha of it")
    void github() {
        AppConfig shop = load(app("https://github.com/acme/shop/commit/{sha}")).app("shop").orElseThrow();

        assertThat(shop.commitLink("9f3c2d1e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d"))
                .contains("https://github.com/acme/shop/commit/9f3c2d1e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d");
    }

    @Test
    @DisplayName("A GitLab template, with its /-/ and a port, is read as written")
    void gitlab() {
        AppConfig shop = load(app("\"https://gitlab.example.com:8443/acme/shop/-/commit/{sha}\"")).app("shop").orElseThrow();

        assertThat(shop.commitLink("9f3c2d1")).contains("https://gitlab.example.com:8443/acme/shop/-/commit/9f3c2d1");
    }

    @Test
    @DisplayName("An app without commitUrl is valid: its cards show the commit without a link")
    void optional() {
        AppConfig shop = load("""
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """).app("shop").orElseThrow();

        assertThat(shop.commitUrl()).isNull();
        assertThat(shop.commitLink("9f3c2d1")).isEmpty();
    }

    @Test
    @DisplayName("A template that is not an http or https URL is refused")
    void notHttp() {
        assertThat(problemsOf(app("ftp://git.example.com/shop/{sha}"))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "'ftp://git.example.com/shop/{sha}' is not an absolute http or https URL, like https://github.com/acme/shop/commit/{sha}");
    }

    @Test
    @DisplayName("A relative template is refused")
    void relative() {
        assertThat(problemsOf(app("/acme/shop/commit/{sha}"))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "'/acme/shop/commit/{sha}' is not an absolute http or https URL, like https://github.com/acme/shop/commit/{sha}");
    }

    @Test
    @DisplayName("A template with characters a URL cannot hold says what is wrong")
    void illegalCharacter() {
        assertThat(problemsOf(app("\"https://github.com/acme/my shop/commit/{sha}\""))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "'https://github.com/acme/my shop/commit/{sha}' is not an absolute http or https URL (illegal character in path),"
                + " like https://github.com/acme/shop/commit/{sha}");
    }

    @Test
    @DisplayName("A template without {sha} says where the commit goes")
    void noSha() {
        assertThat(problemsOf(app("https://github.com/acme/shop/commits"))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "'https://github.com/acme/shop/commits' has no {sha}, where the commit goes, like https://github.com/acme/shop/commit/{sha}");
    }

    @Test
    @DisplayName("Any placeholder but {sha} is refused")
    void otherPlaceholder() {
        assertThat(problemsOf(app("\"https://github.com/{repository}/commit/{sha}\""))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "'{repository}' in 'https://github.com/{repository}/commit/{sha}' is not a placeholder; the only one is {sha}");
    }

    @Test
    @DisplayName("A brace that is not part of {sha} is refused")
    void strayBrace() {
        assertThat(problemsOf(app("\"https://github.com/acme/shop/commit/{sha\""))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "'https://github.com/acme/shop/commit/{sha' has a '{' or '}' that is not part of {sha}");
    }

    @Test
    @DisplayName("A commitUrl that is not a single value is refused")
    void notScalar() {
        assertThat(problemsOf(app("{ github: acme/shop }"))).isEqualTo(at("apps.shop.commitUrl", 5)
                + "must be a single value, not a mapping");
    }
}
