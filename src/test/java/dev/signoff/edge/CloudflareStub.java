package dev.signoff.edge;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Cloudflare's API v4 on 127.0.0.1, as far as Signoff uses it: one account's tunnels
 * ({@code cfd_tunnel/{id}/configurations}) and zones with their DNS records, kept in memory and
 * answered in Cloudflare's envelope ({@code success}, {@code errors}, {@code messages},
 * {@code result}, {@code result_info} on lists, paged at {@link #PAGE_SIZE} whatever
 * {@code per_page} asks). Requests need the bearer {@link #TOKEN}. Tests can make the next
 * answers fail ({@link #failNext}), refuse paths (403), and read back what was sent.
 */
public final class CloudflareStub implements AutoCloseable {
    public static final String TOKEN = "cf-test-token-5b1e";
    public static final String ACCOUNT = "0123456789abcdef0123456789abcdef";
    /** Smaller than any per_page Signoff asks for, so that lists take several pages. */
    static final int PAGE_SIZE = 3;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer server;
    private final Map<String, JsonNode> tunnels = new ConcurrentHashMap<>();
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> records = new HashMap<>();
    private final Queue<int[]> failures = new ArrayDeque<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Consumer<String> afterPut = tunnel -> { };

    public CloudflareStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Api()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
    }

    /** The API's base URL, as {@code apiUrl:} gives it. */
    public String url() {
        return "http://127.0.0.1:" + server.port() + "/client/v4";
    }

    /** A tunnel that was never configured: its configuration has no ingress rules yet. */
    public synchronized void tunnel(String id) {
        tunnels.put(id, JSON.nullNode());
    }

    /** A tunnel with the given {@code config} document ({@code {"ingress": [...], ...}}). */
    public synchronized void tunnel(String id, String configJson) {
        tunnels.put(id, JSON.readTree(configJson));
    }

    public synchronized JsonNode tunnelConfig(String id) {
        return tunnels.get(id);
    }

    public synchronized void zone(String name) {
        zones.put(name, String.format("%032x", name.hashCode() & 0xffffffffL));
        records.put(zones.get(name), new ArrayList<>());
    }

    /** Adds a DNS record to the zone; returns its id. */
    public synchronized String record(String zone, String type, String name, String content, boolean proxied) {
        ObjectNode record = JSON.createObjectNode();
        record.put("id", String.format("%032x", ids.incrementAndGet()));
        record.put("zone_id", zones.get(zone));
        record.put("zone_name", zone);
        record.put("name", name);
        record.put("type", type);
        record.put("content", content);
        record.put("proxiable", true);
        record.put("proxied", proxied);
        record.put("ttl", 1);
        record.put("created_on", "2026-11-18T10:00:00.000000Z");
        record.put("modified_on", "2026-11-18T10:00:00.000000Z");
        records.get(zones.get(zone)).add(record);
        return record.get("id").asString();
    }

    /** The zone's records, in creation order. */
    public synchronized List<JsonNode> records(String zone) {
        return records.get(zones.get(zone)).stream().map(r -> (JsonNode) r.deepCopy()).toList();
    }

    /** The next {@code times} requests are answered with {@code status} (and Retry-After when not negative). */
    public synchronized void failNext(int status, int times, int retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[] {status, retryAfterSeconds});
        }
    }

    /** Requests whose path contains {@code part} are answered 403, as for a token without the permission. */
    public void forbid(String part) {
        forbidden.add(part);
    }

    /** Runs after each accepted PUT of a tunnel's configuration (to play another writer). */
    public void afterPut(Consumer<String> action) {
        afterPut = action;
    }

    /** Every request received, in order, as "METHOD /path?query". */
    public List<String> requests() {
        return received().stream().map(r -> r.getMethod() + " " + r.getUrl().substring("/client/v4".length())).toList();
    }

    /** The requests that change something: everything but GET. */
    public List<String> writes() {
        return requests().stream().filter(r -> !r.startsWith("GET ")).toList();
    }

    public List<LoggedRequest> received() {
        // WireMock lists the newest first
        return server.getAllServeEvents().stream().map(ServeEvent::getRequest).toList().reversed();
    }

    public void resetRequests() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized ResponseDefinition answer(LoggedRequest request) {
        String url = request.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        Map<String, String> query = query(url);
        path = path.substring("/client/v4".length());
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return error(401, 10000, "Authentication error", null);
        }
        if (forbidden.stream().anyMatch(path::contains)) {
            return error(403, 10000, "Authentication error", null);
        }
        int[] failure = failures.poll();
        if (failure != null) {
            return failure[0] == 429 ? error(429, 971, "Please wait and consider throttling your request speed", failure[1])
                    : error(failure[0], 10001, "Service unavailable", failure[1]);
        }
        String[] parts = path.substring(1).split("/");
        String method = request.getMethod().getName();
        if (parts.length == 5 && parts[0].equals("accounts") && parts[2].equals("cfd_tunnel") && parts[4].equals("configurations")) {
            return tunnel(method, parts[1], parts[3], request.getBodyAsString());
        }
        if (parts.length == 1 && parts[0].equals("zones") && method.equals("GET")) {
            List<JsonNode> found = new ArrayList<>();
            zones.forEach((name, id) -> {
                if (query.get("name") == null || query.get("name").equals(name)) {
                    ObjectNode zone = JSON.createObjectNode();
                    zone.put("id", id);
                    zone.put("name", name);
                    zone.put("status", "active");
                    zone.putObject("account").put("id", ACCOUNT).put("name", "Example");
                    found.add(zone);
                }
            });
            return page(found, query);
        }
        if (parts.length >= 3 && parts[0].equals("zones") && parts[2].equals("dns_records")) {
            List<ObjectNode> zone = records.get(parts[1]);
            if (zone == null) {
                return error(404, 7003, "Could not route to /zones/" + parts[1] + "/dns_records, perhaps your object identifier is invalid?", null);
            }
            return dns(method, zone, parts.length > 3 ? parts[3] : null, query, request.getBodyAsString());
        }
        return error(404, 7000, "No route for that URI", null);
    }

    private ResponseDefinition tunnel(String method, String account, String id, String body) {
        if (!account.equals(ACCOUNT) || !tunnels.containsKey(id)) {
            return error(404, 1003, "Tunnel not found", null);
        }
        if (method.equals("PUT")) {
            JsonNode config = JSON.readTree(body).path("config");
            if (!(config.path("ingress") instanceof ArrayNode ingress) || ingress.isEmpty() || ingress.get(ingress.size() - 1).has("hostname")) {
                return error(400, 1056, "Bad Configuration: The last ingress rule must match all URLs (i.e. it should not have a hostname or path filter)", null);
            }
            tunnels.put(id, config);
            afterPut.accept(id);
        } else if (!method.equals("GET")) {
            return error(405, 10405, "Method not allowed", null);
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("account_id", ACCOUNT);
        result.put("tunnel_id", id);
        result.put("version", 1);
        result.set("config", tunnels.get(id));
        result.put("source", "cloudflare");
        result.put("created_at", "2026-11-18T10:00:00Z");
        return ok(result, null);
    }

    private ResponseDefinition dns(String method, List<ObjectNode> zone, String id, Map<String, String> query, String body) {
        if (id == null && method.equals("GET")) {
            return page(zone.stream().filter(r -> query.get("name") == null || query.get("name").equals(r.get("name").asString()))
                    .map(r -> (JsonNode) r.deepCopy()).toList(), query);
        }
        if (id == null && method.equals("POST")) {
            JsonNode sent = JSON.readTree(body);
            String name = sent.path("name").asString();
            if (zone.stream().anyMatch(r -> r.get("name").asString().equals(name))) {
                return error(400, 81053, "An A, AAAA, or CNAME record with that host already exists.", null);
            }
            String zoneName = zones.entrySet().stream().filter(e -> records.get(e.getValue()) == zone).findFirst().orElseThrow().getKey();
            String newId = record(zoneName, sent.path("type").asString(), name, sent.path("content").asString(), sent.path("proxied").asBoolean());
            ObjectNode created = zone.stream().filter(r -> r.get("id").asString().equals(newId)).findFirst().orElseThrow();
            if (sent.has("comment")) {
                created.put("comment", sent.get("comment").asString());
            }
            return ok(created.deepCopy(), null);
        }
        ObjectNode record = zone.stream().filter(r -> r.get("id").asString().equals(id)).findFirst().orElse(null);
        if (record == null) {
            return error(404, 81044, "Record does not exist.", null);
        }
        return switch (method) {
            case "PATCH" -> {
                JSON.readTree(body).properties().forEach(e -> record.set(e.getKey(), e.getValue()));
                yield ok(record.deepCopy(), null);
            }
            case "DELETE" -> {
                zone.remove(record);
                yield ok(JSON.createObjectNode().put("id", id), null);
            }
            default -> ok(record.deepCopy(), null);
        };
    }

    private static ResponseDefinition page(List<JsonNode> all, Map<String, String> query) {
        int perPage = Math.min(PAGE_SIZE, Integer.parseInt(query.getOrDefault("per_page", "20")));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int totalPages = Math.max(1, (all.size() + perPage - 1) / perPage);
        List<JsonNode> items = all.subList(Math.min(all.size(), (page - 1) * perPage), Math.min(all.size(), page * perPage));
        ArrayNode result = JSON.createArrayNode();
        items.forEach(result::add);
        ObjectNode info = JSON.createObjectNode();
        info.put("page", page);
        info.put("per_page", perPage);
        info.put("count", items.size());
        info.put("total_count", all.size());
        info.put("total_pages", totalPages);
        return ok(result, info);
    }

    private static ResponseDefinition ok(JsonNode result, JsonNode resultInfo) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("success", true);
        envelope.putArray("errors");
        envelope.putArray("messages");
        envelope.set("result", result);
        if (resultInfo != null) {
            envelope.set("result_info", resultInfo);
        }
        return json(200, envelope, null);
    }

    private static ResponseDefinition error(int status, int code, String message, Integer retryAfter) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("success", false);
        envelope.putArray("errors").addObject().put("code", code).put("message", message);
        envelope.putArray("messages");
        envelope.putNull("result");
        return json(status, envelope, retryAfter);
    }

    private static ResponseDefinition json(int status, JsonNode body, Integer retryAfter) {
        var builder = com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
        if (retryAfter != null && retryAfter >= 0) {
            builder.withHeader("Retry-After", Integer.toString(retryAfter));
        }
        return builder.build();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new HashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private final class Api implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return answer(serveEvent.getRequest());
        }

        @Override
        public String getName() {
            return "cloudflare-api";
        }
    }
}
