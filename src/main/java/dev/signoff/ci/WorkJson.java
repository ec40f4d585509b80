package dev.signoff.ci;

import dev.signoff.promotion.ImageRef;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The builds of a delivery as stored with it, so that unfinished work can be taken on again. */
final class WorkJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WorkJson() {
    }

    static String write(List<BuildPublished> builds) {
        return JSON.writeValueAsString(builds.stream().map(WorkJson::map).toList());
    }

    static List<BuildPublished> read(String json) {
        return JSON.readTree(json).valueStream().map(WorkJson::build).toList();
    }

    private static Map<String, Object> map(BuildPublished b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", b.source());
        m.put("deliveryId", b.deliveryId());
        m.put("kind", b.kind().name());
        m.put("app", b.app());
        m.put("image", b.image() == null ? null : b.image().toString());
        m.put("imageProblem", b.imageProblem());
        m.put("commit", b.commit());
        m.put("branch", b.branch());
        m.put("success", b.success());
        m.put("url", b.url());
        m.put("message", b.message());
        m.put("receivedAt", b.receivedAt().toString());
        return m;
    }

    private static BuildPublished build(JsonNode n) {
        return new BuildPublished(text(n, "source"), text(n, "deliveryId"), BuildPublished.Kind.valueOf(text(n, "kind")),
                text(n, "app"), n.path("image").isNull() || n.path("image").isMissingNode() ? null : ImageRef.parse(text(n, "image")),
                text(n, "imageProblem"), text(n, "commit"), text(n, "branch"), n.path("success").asBoolean(), text(n, "url"),
                text(n, "message"), Instant.parse(text(n, "receivedAt")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asString();
    }
}
