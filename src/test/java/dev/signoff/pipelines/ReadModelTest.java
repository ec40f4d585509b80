package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.Strategy;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("What a valid file turns into")
class ReadModelTest extends PipelinesFileTestSupport {

    @Test
    @DisplayName("Discord ids of 18 and 19 digits survive as exact strings, quoted or not")
    void bigDiscordIds() {
        PipelineConfig config = load("""
                people:
                  alice: { discord: 812345678901234567 }
                  bob:   { discord: "1234567890123456789" }
                  carol: { discord: 9007199254740993 }
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    channel: { discord: 1122334455667788991 }
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                """);

        assertThat(config.people().get("alice").identities()).containsEntry("discord", "812345678901234567");
        assertThat(config.people().get("bob").identities()).containsEntry("discord", "1234567890123456789");
        assertThat(config.people().get("carol").identities()).containsEntry("discord", "9007199254740993");
        assertThat(config.app("shop").orElseThrow().channels()).containsEntry("discord", "1122334455667788991");
    }

    @Test
    @DisplayName("A stage supersedes waiting cards unless it says supersede: false")
    void supersede() {
        PipelineConfig config = load("""
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                      - { name: test, image: sandbox/shop:test, approval: none, supersede: false }
                """);

        assertThat(config.stage("shop", "dev").orElseThrow().supersede()).isTrue();
        assertThat(config.stage("shop", "test").orElseThrow().supersede()).isFalse();
    }

    @Test
    @DisplayName("Workload kinds are case-insensitive and stored lowercase; strategies and timeouts take their defaults")
    void deployDefaults() {
        PipelineConfig config = load("""
                registries:
                  sandbox: { host: localhost:5000 }
                clusters:
                  local: {}
                apps:
                  db:
                    stages:
                      - name: dev
                        image: sandbox/db:dev
                        deploy: { cluster: local, namespace: db, workload: StatefulSet/postgres, strategy: rolling }
                        approval: none
                      - name: test
                        image: sandbox/db:test
                        deploy: { cluster: local, namespace: db, workload: deployment/api, container: api,
                                  strategy: { blueGreen: { service: api } }, timeout: 1h30m }
                        approval: none
                      - name: prod
                        image: sandbox/db:prod
                        deploy: { cluster: local, namespace: db, workload: DaemonSet/agent, strategy: { rolling: {} } }
                        approval: none
                """);

        var stages = config.app("db").orElseThrow().stages();
        assertThat(stages.get(0).deploy()).isEqualTo(new DeployTarget("local", "db", "statefulset", "postgres", null,
                new Strategy.Rolling(), Duration.ofMinutes(10)));
        assertThat(stages.get(1).deploy()).isEqualTo(new DeployTarget("local", "db", "deployment", "api", "api",
                new Strategy.BlueGreen("api", Duration.ofMinutes(30)), Duration.ofMinutes(90)));
        assertThat(stages.get(2).deploy().workload()).isEqualTo("daemonset/agent");
        assertThat(config.clusters().get("local").context()).isNull();
    }

    @Test
    @DisplayName("A person may have no identities; credentials name a variable or a file")
    void optionalParts() {
        PipelineConfig config = load("""
                people:
                  alice: {}
                registries:
                  a: { host: "[::1]:5000", credentials: env:REGISTRY_A }
                  b: { host: registry.example.com, credentials: file:/run/secrets/registry-b }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: a/shop:dev, approval: { required: 1, approvers: [alice], expiresAfter: 2d } }
                """);

        assertThat(config.people().get("alice").identities()).isEmpty();
        assertThat(config.registries().get("a").credentials()).isEqualTo("env:REGISTRY_A");
        assertThat(config.registries().get("b").credentials()).isEqualTo("file:/run/secrets/registry-b");
        assertThat(config.registries().get("b").insecure()).isFalse();
        assertThat(config.app("shop").orElseThrow().first().approval().selfApproval()).isTrue();
    }
}
