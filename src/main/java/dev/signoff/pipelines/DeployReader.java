package dev.signoff.pipelines;

import dev.signoff.promotion.DeployTarget;
import dev.signoff.promotion.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** A stage's {@code deploy:}: cluster, namespace, workload and how it rolls out. */
final class DeployReader {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*");
    private static final String DNS_LABEL_RULE = "(lowercase letters, digits and '-', at most 63, starting and ending with a letter or digit)";
    private static final List<String> KINDS = List.of("deployment", "statefulset", "daemonset");
    private static final Map<String, String> STRATEGIES = Map.of(
            "rolling", "rolling",
            "canary", "{ canary: { steps: [10, 50, 100], pause: 5m } }",
            "blueGreen", "{ blueGreen: { service: shop, scaleDownAfter: 30m } }");
    private static final String STRATEGY_NAMES = "the strategies are rolling, canary, blueGreen";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration DEFAULT_SCALE_DOWN = Duration.ofMinutes(30);

    private record Workload(String kind, String name) {
    }

    private final Known known;

    DeployReader(Known known) {
        this.known = known;
    }

    DeployTarget read(YamlNode node) {
        YamlNode.Fields fields = node.fields("a deploy target, like { cluster: dev, namespace: shop, workload: deployment/shop }",
                "cluster", "namespace", "workload", "container", "strategy", "timeout");
        String cluster = fields.require("cluster", "cluster: dev", this::cluster);
        String namespace = fields.require("namespace", "namespace: shop", value -> value.matching(DNS_LABEL, "a valid namespace " + DNS_LABEL_RULE));
        Workload workload = fields.require("workload", "workload: deployment/shop", DeployReader::workload);
        return new DeployTarget(cluster, namespace,
                workload == null ? null : workload.kind(), workload == null ? null : workload.name(),
                fields.get("container", value -> value.matching(DNS_LABEL, "a valid container name " + DNS_LABEL_RULE), null),
                fields.get("strategy", DeployReader::strategy, new Strategy.Rolling()),
                fields.get("timeout", YamlNode::duration, DEFAULT_TIMEOUT));
    }

    private String cluster(YamlNode value) {
        String cluster = value.text();
        if (cluster != null && !known.clusters().containsKey(cluster)) {
            value.problem("'" + cluster + "' names a cluster that is not defined; " + Known.choices("clusters", known.clusters().keySet()));
            return null;
        }
        return cluster;
    }

    private static Workload workload(YamlNode value) {
        String text = value.text();
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            value.problem("'" + text + "' is not a workload; write kind/name, like deployment/shop");
            return null;
        }
        String kind = text.substring(0, slash).toLowerCase(Locale.ROOT);
        String name = text.substring(slash + 1);
        if (!KINDS.contains(kind)) {
            value.problem("'" + text.substring(0, slash) + "' is not a workload kind Signoff deploys; the kinds are " + String.join(", ", KINDS));
            return null;
        }
        if (!DNS_NAME.matcher(name).matches()) {
            value.problem("'" + name + "' is not a valid workload name (lowercase letters, digits, '-' and '.')");
            return null;
        }
        return new Workload(kind, name);
    }

    private static Strategy strategy(YamlNode node) {
        if (node.isScalar()) {
            String name = node.text();
            if (name == null) {
                return null;
            }
            if (name.equals("rolling")) {
                return new Strategy.Rolling();
            }
            node.problem(STRATEGIES.containsKey(name)
                    ? "'" + name + "' needs its settings, like " + STRATEGIES.get(name)
                    : "'" + name + "' is not a strategy; " + STRATEGY_NAMES);
            return null;
        }
        int before = node.problemCount();
        Map<String, YamlNode> chosen = node.entries("a strategy, like rolling or " + STRATEGIES.get("canary"));
        if (chosen.size() != 1) {
            if (node.problemCount() == before) {
                node.problem("give exactly one strategy, not " + (chosen.isEmpty() ? "none" : String.join(" and ", chosen.keySet()))
                        + "; " + STRATEGY_NAMES);
            }
            return null;
        }
        Map.Entry<String, YamlNode> entry = chosen.entrySet().iterator().next();
        YamlNode settings = entry.getValue();
        return switch (entry.getKey()) {
            case "rolling" -> {
                settings.fields("empty, like rolling: {}");
                yield new Strategy.Rolling();
            }
            case "canary" -> canary(settings);
            case "blueGreen" -> blueGreen(settings);
            default -> {
                settings.problem("'" + entry.getKey() + "' is not a strategy; " + STRATEGY_NAMES);
                yield null;
            }
        };
    }

    private static Strategy canary(YamlNode node) {
        YamlNode.Fields fields = node.fields("canary settings, like " + STRATEGIES.get("canary"), "steps", "pause");
        List<Integer> steps = fields.require("steps", "steps: [10, 50, 100]", DeployReader::steps);
        Duration pause = fields.get("pause", YamlNode::duration, null);
        return steps == null ? null : new Strategy.Canary(steps, pause);
    }

    private static List<Integer> steps(YamlNode node) {
        int before = node.problemCount();
        List<Integer> steps = new ArrayList<>();
        for (YamlNode item : node.atLeastOne("step, like [10, 50, 100]")) {
            Integer step = item.integer(1, 100);
            if (step != null && !steps.isEmpty() && step <= steps.getLast()) {
                item.problem("steps must go up, like [10, 50, 100]; " + step + " comes after " + steps.getLast());
            } else if (step != null) {
                steps.add(step);
            }
        }
        if (node.problemCount() > before) {
            return null;
        }
        if (steps.getLast() != 100) {
            node.problem("the last step must be 100 (everyone on the new version), like [10, 50, 100]");
            return null;
        }
        return steps;
    }

    private static Strategy blueGreen(YamlNode node) {
        YamlNode.Fields fields = node.fields("blue-green settings, like " + STRATEGIES.get("blueGreen"), "service", "scaleDownAfter");
        String service = fields.require("service", "service: shop", value -> value.matching(DNS_LABEL, "a valid service name " + DNS_LABEL_RULE));
        Duration scaleDownAfter = fields.get("scaleDownAfter", YamlNode::duration, DEFAULT_SCALE_DOWN);
        return new Strategy.BlueGreen(service, scaleDownAfter);
    }
}
