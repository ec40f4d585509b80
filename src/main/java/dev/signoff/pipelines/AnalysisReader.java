package dev.signoff.pipelines;

import dev.signoff.promotion.Analysis;
import dev.signoff.promotion.AnalysisQuery;
import dev.signoff.promotion.MonitoringConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code monitoring:} (the metrics servers) and a stage's {@code analysis:} (the checks that judge its rollouts). */
final class AnalysisReader {
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern CREDENTIALS = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:\\S+");
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final int DEFAULT_COUNT = 4;

    private AnalysisReader() {
    }

    static Map<String, MonitoringConfig> monitoring(YamlNode node) {
        Map<String, MonitoringConfig> servers = new LinkedHashMap<>();
        node.entries("a mapping of metrics servers, like prom: { url: http://prometheus.monitoring:9090 }").forEach((name, body) -> {
            Known.checkName(body, name);
            YamlNode.Fields fields = body.fields("a metrics server, like { url: http://prometheus.monitoring:9090, credentials: env:PROM_TOKEN }",
                    "url", "credentials");
            URI url = fields.require("url", "url: http://prometheus.monitoring:9090", AnalysisReader::url);
            String credentials = fields.get("credentials", value -> {
                String text = value.text();
                if (text != null && !CREDENTIALS.matcher(text).matches()) {
                    // The value is not repeated in the message: it may be the token itself.
                    value.problem("credentials are never written inline; say where the bearer token comes from: env:VARIABLE or file:/path/to/file");
                    return null;
                }
                return text;
            }, null);
            servers.put(name, new MonitoringConfig(name, url, credentials));
        });
        return servers;
    }

    private static URI url(YamlNode value) {
        String text = value.text();
        if (text == null) {
            return null;
        }
        try {
            URI url = new URI(text);
            if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null
                    && url.getQuery() == null && url.getFragment() == null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        value.problem("'" + text + "' is not an http:// or https:// URL of a Prometheus server, like http://prometheus.monitoring:9090");
        return null;
    }

    /** A stage's analysis; {@code deploys} says whether the stage deploys anything to analyse. */
    static Analysis analysis(YamlNode node, Set<String> servers, boolean deploys) {
        YamlNode.Fields fields = node.fields("an analysis, like { prometheus: prom, interval: 30s, count: 4, queries: [...] }",
                "prometheus", "interval", "count", "queries");
        if (!deploys) {
            node.problem("a stage without deploy has no rollout to analyse; add deploy or remove analysis");
        }
        String server = fields.require("prometheus", "prometheus: prom", value -> {
            String name = value.text();
            if (name != null && !servers.contains(name)) {
                value.problem("'" + name + "' names a metrics server that is not defined under monitoring; "
                        + Known.choices("metrics servers", servers));
                return null;
            }
            return name;
        });
        Duration interval = fields.get("interval", value -> {
            Duration d = value.duration();
            if (d != null && d.isZero()) {
                value.problem("the interval between measurements must be longer than 0s");
                return null;
            }
            return d;
        }, DEFAULT_INTERVAL);
        Integer count = fields.get("count", value -> value.integer(1, 1000), DEFAULT_COUNT);
        List<AnalysisQuery> queries = fields.require("queries", "queries: [{ name: error-rate, query: '…', max: 0.01 }]",
                AnalysisReader::queries);
        if (server == null || interval == null || count == null || queries == null || queries.isEmpty() || !deploys) {
            return null;
        }
        return new Analysis(server, interval, count, queries);
    }

    private static List<AnalysisQuery> queries(YamlNode node) {
        List<AnalysisQuery> queries = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        boolean complete = true;
        for (YamlNode item : node.atLeastOne("query")) {
            YamlNode.Fields fields = item.fields("a query, like { name: error-rate, query: 'sum(rate(…))', max: 0.01 }",
                    "name", "query", "max", "min", "failureLimit");
            String name = fields.require("name", "name: error-rate", value -> {
                String text = value.matching(QUERY_NAME, "a valid query name (letters, digits, '.', '_' and '-', starting with a letter)");
                Integer first = text == null ? null : firstLines.putIfAbsent(text, value.line());
                if (first != null) {
                    value.problem("duplicate query '" + text + "' (first at line " + first + ")");
                }
                return text;
            });
            String query = fields.require("query", "query: 'sum(rate(http_requests_total{code=~\"5..\"}[1m]))'", value -> {
                String text = value.text();
                Set<String> unknown = text == null ? Set.of() : AnalysisQuery.unknownPlaceholders(text);
                if (!unknown.isEmpty()) {
                    value.problem("unknown placeholder " + String.join(", ", unknown.stream().map(u -> "{{" + u + "}}").toList())
                            + "; a query may use " + String.join(", ", AnalysisQuery.PLACEHOLDERS.stream().sorted().map(u -> "{{" + u + "}}").toList()));
                    return null;
                }
                return text;
            });
            Double max = fields.get("max", AnalysisReader::number, null);
            Double min = fields.get("min", AnalysisReader::number, null);
            if (fields.optional("max") == null && fields.optional("min") == null) {
                item.problem("a query needs a limit: max (a measurement above it fails) or min (below it fails), like max: 0.01");
                complete = false;
            } else if (max != null && min != null && min > max) {
                item.problem("min " + AnalysisQuery.Figures.format(min) + " is above max " + AnalysisQuery.Figures.format(max) + ", so every measurement would fail");
                complete = false;
            }
            Integer failureLimit = fields.get("failureLimit", value -> value.integer(0, 1000), 0);
            if (name == null || query == null || failureLimit == null || (max == null && min == null)
                    || (fields.optional("max") != null && max == null) || (fields.optional("min") != null && min == null)) {
                complete = false;
            }
            if (complete) {
                queries.add(new AnalysisQuery(name, query, max, min, failureLimit));
            }
        }
        return queries;
    }

    private static Double number(YamlNode value) {
        String text = value.text();
        if (text == null) {
            return null;
        }
        if (!NUMBER.matcher(text).matches()) {
            value.problem("'" + text + "' is not a number, like 0.01 or 250");
            return null;
        }
        return Double.parseDouble(text);
    }
}
