package dev.signoff.pipelines;

import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.RegistryConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code registries:} and {@code clusters:}: where images live and where they run. A registry is a
 * server ({@code host}, with {@code insecure} and {@code credentials}) or an OCI image layout
 * directory ({@code layout}), never both.
 */
final class InfrastructureReader {
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern HOST = Pattern.compile("(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");
    private static final Pattern CREDENTIALS = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:\\S+");

    private InfrastructureReader() {
    }

    static Map<String, RegistryConfig> registries(YamlNode node) {
        Map<String, RegistryConfig> registries = new LinkedHashMap<>();
        node.entries("a mapping of registries, like sandbox: { host: localhost:5000 }").forEach((name, body) -> {
            Known.checkName(body, name);
            YamlNode.Fields fields = body.fields("a registry, like { host: registry.example.com } or { layout: ./data/registries/local }",
                    "host", "insecure", "credentials", "layout", "copyAttachments");
            Boolean copyAttachments = fields.get("copyAttachments", YamlNode::bool, null);
            if (fields.optional("layout") != null) {
                registries.put(name, layout(body, name, fields).withCopyAttachments(copyAttachments));
                return;
            }
            String host = fields.require("host", "host: registry.example.com (or layout: ./data/registries/" + name + " for a directory)",
                    value -> value.matching(HOST, "a host; write host or host:port, like registry.example.com or localhost:5000"));
            boolean insecure = Boolean.TRUE.equals(fields.get("insecure", YamlNode::bool, false));
            registries.put(name, new RegistryConfig(name, host, insecure, fields.get("credentials", InfrastructureReader::credentials, null))
                    .withCopyAttachments(copyAttachments));
        });
        return registries;
    }

    /** A layout registry: a directory, and none of the keys that only a server has. */
    private static RegistryConfig layout(YamlNode body, String name, YamlNode.Fields fields) {
        for (String serverOnly : new String[] {"host", "insecure", "credentials"}) {
            if (fields.optional(serverOnly) != null) {
                body.problem("'" + serverOnly + "' is for a registry server and 'layout' for a directory; give one of them, not both");
            }
        }
        String directory = fields.get("layout", YamlNode::text, null);
        if (directory == null) {
            // the reader has said what is wrong with the value; the placeholder is never used
            return RegistryConfig.layout(name, ".");
        }
        return RegistryConfig.layout(name, directory);
    }

    private static String credentials(YamlNode node) {
        String text = node.text();
        if (text != null && !CREDENTIALS.matcher(text).matches()) {
            // The value is not repeated in the message: it may be the secret itself.
            node.problem("credentials are never written inline; say where they come from: env:VARIABLE or file:/path/to/file");
            return null;
        }
        return text;
    }

    static Map<String, ClusterConfig> clusters(YamlNode node) {
        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        node.entries("a mapping of clusters, like prod: { context: prod-cluster }").forEach((name, body) -> {
            Known.checkName(body, name);
            YamlNode.Fields fields = body.fields("a cluster, like { context: prod-cluster }", "context");
            clusters.put(name, new ClusterConfig(name, fields.get("context", YamlNode::text, null)));
        });
        return clusters;
    }
}
