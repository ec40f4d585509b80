package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.AnalysisQuery;
import dev.signoff.promotion.MonitoringConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Monitoring and analysis: metrics servers and the checks that judge rollouts")
class AnalysisRulesTest extends PipelinesFileTestSupport {

    /** A registry, a cluster and a metrics server; the analysis appended to it starts on line 16. */
    private static final String PRELUDE = """
            registries:
              sandbox: { host: localhost:5000 }
            clusters:
              prod: {}
            monitoring:
              prom: { url: http://prometheus.monitoring:9090, credentials: env:PROM_TOKEN }
            apps:
              shop:
                stages:
                  - name: prod
                    image: sandbox/shop:prod
                    approval: none
                    deploy: { cluster: prod, namespace: shop, workload: deployment/shop,
                              strategy: { canary: { steps: [10, 50, 100], pause: 5m } } }
                    analysis:
            """;

    private static final String QUERY = """
                      queries:
                        - name: error-rate
                          query: 'sum(rate(http_requests_total{namespace="{{namespace}}",code=~"5.."}[1m]))'
                          max: 0.01
            """;

    @Test
    @DisplayName("reads the servers and a stage's analysis, which puts the analysis step after verify")
    void reads() {
        var config = load(PRELUDE + """
                      prometheus: prom
                      interval: 30s
                      count: 4
                      queries:
                        - name: error-rate
                          query: 'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))'
                          max: 0.01
                          failureLimit: 1
                        - name: throughput
                          query: 'sum(rate(http_requests_total{pod=~"{{canary}}.*"}[1m]))'
                          min: 5
                """.indent(4));

        assertThat(config.monitoring()).containsExactly(java.util.Map.entry("prom",
                new MonitoringConfig("prom", URI.create("http://prometheus.monitoring:9090"), "env:PROM_TOKEN")));
        var stage = config.requireStage("shop", "prod");
        assertThat(stage.analysis()).isEqualTo(new Analysis("prom", Duration.ofSeconds(30), 4, List.of(
                new AnalysisQuery("error-rate", "sum(rate(http_requests_total{code=~\"5..\"}[1m])) / sum(rate(http_requests_total[1m]))", 0.01, null, 1),
                new AnalysisQuery("throughput", "sum(rate(http_requests_total{pod=~\"{{canary}}.*\"}[1m]))", null, 5.0, 0))));
        assertThat(stage.steps(dev.signoff.promotion.PromotionKind.PROMOTE)).containsExactly("copy", "deploy", "verify", "analysis");
    }

    @Test
    @DisplayName("interval and count have defaults: 30s and 4")
    void defaults() {
        var analysis = load(PRELUDE + "          prometheus: prom\n" + QUERY).requireStage("shop", "prod").analysis();

        assertThat(analysis.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(analysis.count()).isEqualTo(4);
    }

    @Test
    @DisplayName("An analysis naming a metrics server that is not defined names the servers there are")
    void unknownServer() {
        assertThat(problemsOf(PRELUDE + "          prometheus: thanos\n" + QUERY)).isEqualTo(at("apps.shop.stages[0].analysis.prometheus", 16)
                + "'thanos' names a metrics server that is not defined under monitoring; metrics servers are prom");
    }

    @Test
    @DisplayName("A query without max or min is refused: it could never fail")
    void queryWithoutLimit() {
        assertThat(problemsOf(PRELUDE + """
                      prometheus: prom
                      queries:
                        - name: error-rate
                          query: 'sum(rate(http_requests_total[1m]))'
                """.indent(4))).isEqualTo(at("apps.shop.stages[0].analysis.queries[0]", 18)
                + "a query needs a limit: max (a measurement above it fails) or min (below it fails), like max: 0.01");
    }

    @Test
    @DisplayName("A count of zero or less is refused")
    void nonPositiveCount() {
        assertThat(problemsOf(PRELUDE + "          prometheus: prom\n          count: 0\n" + QUERY))
                .isEqualTo(at("apps.shop.stages[0].analysis.count", 17) + "'0' is not a whole number from 1 to 1000");
    }

    @Test
    @DisplayName("An interval that is not a duration is refused")
    void badInterval() {
        assertThat(problemsOf(PRELUDE + "          prometheus: prom\n          interval: 30 seconds\n" + QUERY))
                .isEqualTo(at("apps.shop.stages[0].analysis.interval", 17) + "'30 seconds' is not a duration; write it like 90s, 30m, 24h, 2d or 1h30m");
    }

    @Test
    @DisplayName("An interval of 0s is refused")
    void zeroInterval() {
        assertThat(problemsOf(PRELUDE + "          prometheus: prom\n          interval: 0s\n" + QUERY))
                .isEqualTo(at("apps.shop.stages[0].analysis.interval", 17) + "the interval between measurements must be longer than 0s");
    }

    @Test
    @DisplayName("A limit that is not a number is refused")
    void badLimit() {
        assertThat(problemsOf(PRELUDE + """
                      prometheus: prom
                      queries:
                        - { name: error-rate, query: 'up', max: 1% }
                """.indent(4))).isEqualTo(at("apps.shop.stages[0].analysis.queries[0].max", 18) + "'1%' is not a number, like 0.01 or 250");
    }

    @Test
    @DisplayName("A placeholder a query cannot use names the ones it can")
    void unknownPlaceholder() {
        assertThat(problemsOf(PRELUDE + """
                      prometheus: prom
                      queries:
                        - { name: error-rate, query: 'up{app="{{app}}"}', max: 1 }
                """.indent(4))).isEqualTo(at("apps.shop.stages[0].analysis.queries[0].query", 18)
                + "unknown placeholder {{app}}; a query may use {{canary}}, {{digest}}, {{namespace}}, {{stage}}");
    }

    @Test
    @DisplayName("A stage that deploys nothing has no rollout to analyse")
    void analysisWithoutDeploy() {
        assertThat(problemsOf("""
                registries:
                  sandbox: { host: localhost:5000 }
                monitoring:
                  prom: { url: http://prometheus:9090 }
                apps:
                  shop:
                    stages:
                      - name: release
                        image: sandbox/shop:release
                        approval: none
                        analysis:
                          prometheus: prom
                          queries: [{ name: up, query: up, min: 1 }]
                """)).isEqualTo(at("apps.shop.stages[0].analysis", 11)
                + "a stage without deploy has no rollout to analyse; add deploy or remove analysis");
    }

    @Test
    @DisplayName("A metrics server's url must be an http or https URL")
    void badUrl() {
        assertThat(problemsOf("""
                monitoring:
                  prom: { url: prometheus:9090 }
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages: [{ name: dev, image: sandbox/shop:dev, approval: none }]
                """)).isEqualTo(at("monitoring.prom.url", 2)
                + "'prometheus:9090' is not an http:// or https:// URL of a Prometheus server, like http://prometheus.monitoring:9090");
    }

    @Test
    @DisplayName("A bearer token written inline is refused without repeating it")
    void inlineToken() {
        assertThat(problemsOf("""
                monitoring:
                  prom: { url: http://prometheus:9090, credentials: s3cr3t-token }
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages: [{ name: dev, image: sandbox/shop:dev, approval: none }]
                """)).isEqualTo(at("monitoring.prom.credentials", 2)
                + "credentials are never written inline; say where the bearer token comes from: env:VARIABLE or file:/path/to/file");
    }
}
