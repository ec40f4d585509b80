package dev.signoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The values")
class ValuesSchemaTest {

    @Test
    @DisplayName("refuse a value of the wrong type, naming it: replicaCount: \"two\"")
    void wrongType() {
        String failure = SignoffChart.failureOf(SignoffChart.template().set("replicaCount", "two"));

        assertThat(failure).contains("values don't meet the specifications of the schema")
                .contains("at '/replicaCount': got string, want null or integer");
    }

    @Test
    @DisplayName("refuse an unknown key at the top level, naming it")
    void unknownKey() {
        String failure = SignoffChart.failureOf(SignoffChart.template().set("replicas", 3));

        assertThat(failure).contains("additional properties 'replicas' not allowed");
    }

    @Test
    @DisplayName("refuse a token written inline instead of a Secret reference")
    void inlineSecret() {
        String failure = SignoffChart.failureOf(SignoffChart.template().set("slack.botToken", "xoxb-not-here"));

        assertThat(failure).contains("at '/slack/botToken': got string, want object");
    }

    @Test
    @DisplayName("refuse more than one replica on the embedded H2 database, saying why")
    void h2Replicas() {
        String failure = SignoffChart.failureOf(SignoffChart.template().set("replicaCount", 3));

        assertThat(failure).contains("replicaCount: 3 replicas need PostgreSQL (database.url)");
    }

    @Test
    @DisplayName("refuse both cluster-wide and namespaced RBAC at once")
    void rbacChoice() {
        String failure = SignoffChart.failureOf(SignoffChart.template()
                .withValuesFile(SignoffChart.PRODUCTION_VALUES).set("rbac.clusterWide", true));

        assertThat(failure).contains("rbac: choose either clusterWide: true or a list of namespaces, not both");
    }

    @Test
    @DisplayName("refuse an ingress without a host, and no pipelines at all")
    void required() {
        assertThat(SignoffChart.failureOf(SignoffChart.template().set("ingress.enabled", true)))
                .contains("ingress.hosts: name at least one host");
        assertThat(SignoffChart.failureOf(SignoffChart.template().set("pipelines", "")))
                .contains("pipelines: give the pipelines file inline");
    }

    @Test
    @DisplayName("are all described by the schema, which allows no unknown keys in any object it defines")
    void schemaCoversValues() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode schema = json.readTree(SignoffChart.CHART.resolve("values.schema.json").toFile());
        JsonNode values = json.valueToTree(SignoffChart.readYaml(SignoffChart.CHART.resolve("values.yaml")));

        assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        List<String> undescribed = new ArrayList<>();
        undescribed(schema, schema, values, "", undescribed);
        assertThat(undescribed).as("values without a schema entry").isEmpty();
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    /** Walks the default values alongside the schema; collects every key the schema has no type for. */
    private static void undescribed(JsonNode root, JsonNode schema, JsonNode value, String path, List<String> out) {
        JsonNode node = resolve(root, schema);
        if (!node.has("type")) {
            out.add(path.isEmpty() ? "(root)" : path);
            return;
        }
        if (value.isObject() && node.has("properties")) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode property = node.path("properties").get(field.getKey());
                if (property == null) {
                    out.add(child);
                } else {
                    undescribed(root, property, field.getValue(), child, out);
                }
            }
            assertThat(node.path("additionalProperties").asBoolean(true)).as(path + " allows unknown keys").isFalse();
        }
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode node = schema;
        while (node.has("$ref")) {
            node = root.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }
}
