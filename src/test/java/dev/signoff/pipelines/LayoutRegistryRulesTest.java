package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Registries kept as OCI image layout directories (layout:)")
class LayoutRegistryRulesTest extends PipelinesFileTestSupport {

    /** The app appended to each registries section: one stage in the registry 'local', from line 3 on. */
    private static final String APP = """
            apps:
              shop:
                stages:
                  - { name: dev, image: local/shop:dev, approval: none }
            """;

    @Test
    @DisplayName("a layout registry is read with its directory, and without a host")
    void layoutRegistry() {
        PipelineConfig config = load("""
                registries:
                  local: { layout: ./data/registries/local }
                """ + APP);

        assertThat(config.registries().get("local")).isEqualTo(RegistryConfig.layout("local", "./data/registries/local"));
        assertThat(config.registries().get("local").isLayout()).isTrue();
        assertThat(config.registries().get("local").host()).isNull();
    }

    @Test
    @DisplayName("host and layout together are refused")
    void hostAndLayout() {
        assertThat(problemsOf("""
                registries:
                  local: { host: localhost:5000, layout: ./data/registries/local }
                """ + APP)).isEqualTo(at("registries.local", 2)
                + "'host' is for a registry server and 'layout' for a directory; give one of them, not both");
    }

    @Test
    @DisplayName("insecure beside a layout is refused: there is no connection to secure")
    void insecureLayout() {
        assertThat(problemsOf("""
                registries:
                  local: { layout: ./data/registries/local, insecure: true }
                """ + APP)).isEqualTo(at("registries.local", 2)
                + "'insecure' is for a registry server and 'layout' for a directory; give one of them, not both");
    }

    @Test
    @DisplayName("credentials beside a layout are refused")
    void credentialsForLayout() {
        assertThat(problemsOf("""
                registries:
                  local: { layout: ./data/registries/local, credentials: env:LOCAL }
                """ + APP)).isEqualTo(at("registries.local", 2)
                + "'credentials' is for a registry server and 'layout' for a directory; give one of them, not both");
    }

    @Test
    @DisplayName("an empty layout is refused")
    void emptyLayout() {
        assertThat(problemsOf("""
                registries:
                  local: { layout: }
                """ + APP)).isEqualTo(at("registries.local.layout", 2) + "needs a value");
    }

    @Test
    @DisplayName("a layout that is not one path is refused")
    void layoutList() {
        assertThat(problemsOf("""
                registries:
                  local: { layout: [./a, ./b] }
                """ + APP)).isEqualTo(at("registries.local.layout", 2) + "must be a single value, not a list");
    }

    @Test
    @DisplayName("a registry with neither host nor layout says it needs one of them")
    void neither() {
        assertThat(problemsOf("""
                registries:
                  local: { insecure: true }
                """ + APP)).isEqualTo(at("registries.local", 2)
                + "'host' is required, like host: registry.example.com (or layout: ./data/registries/local for a directory)");
    }

    @Test
    @DisplayName("a stage that deploys cannot take its image from a layout: a cluster cannot pull from a directory")
    void deployFromLayout() {
        assertThat(problemsOf("""
                registries:
                  local: { layout: ./data/registries/local }
                clusters:
                  dev: {}
                apps:
                  shop:
                    stages:
                      - name: dev
                        image: local/shop:dev
                        deploy: { cluster: dev, namespace: shop, workload: deployment/shop }
                        approval: none
                """)).isEqualTo(at("apps.shop.stages[0].deploy", 10)
                + "a cluster cannot pull from 'local', a layout directory; deploy from a registry with a host");
    }
}
