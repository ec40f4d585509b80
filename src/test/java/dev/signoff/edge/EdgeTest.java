package dev.signoff.edge;

import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.spi.StepFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The Cloudflare edge")
class EdgeTest {
    static final String TUNNEL = "6ff42ae2-765d-4adf-8112-31c55c1551ef";
    static final String SERVICE = "http://shop.shop.svc.cluster.local:80";
    static final Exposure SHOP = new Exposure("main", "example.com", "shop.example.com", TUNNEL, SERVICE, null);
    static final Exposure BLOG = new Exposure("main", "example.com", "blog.example.com", TUNNEL, "http://blog.blog.svc.cluster.local:80", null);

    /** A tunnel that already serves two other hostnames, with settings of its own. */
    static final String OTHERS = """
            {"ingress": [
               {"hostname": "www.example.com", "service": "http://www.web.svc.cluster.local:80"},
               {"hostname": "api.example.com", "path": "/v2/.*", "service": "https://api.api.svc:8443",
                "originRequest": {"noTLSVerify": true, "connectTimeout": 10}},
               {"service": "http_status:404"}],
             "originRequest": {"keepAliveTimeout": 30},
             "warp-routing": {"enabled": false}}""";

    private CloudflareStub cloudflare;
    private Edge edge;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        cloudflare = new CloudflareStub();
        cloudflare.zone("example.com");
        cloudflare.zone("example.org");
        edge = edge(cloudflare, Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        cloudflare.close();
    }

    static Edge edge(CloudflareStub cloudflare, Duration backoff) {
        CloudflareAccount account = new CloudflareAccount("main", CloudflareStub.ACCOUNT, "env:CLOUDFLARE_API_TOKEN", cloudflare.url());
        PipelineConfig config = new PipelineConfig(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("main", account), Map.of(), Map.of());
        return new Edge(config, Map.of("CLOUDFLARE_API_TOKEN", CloudflareStub.TOKEN), backoff);
    }

    private List<JsonNode> rules() {
        return cloudflare.tunnelConfig(TUNNEL).path("ingress").valueStream().toList();
    }

    private List<String> recordsOf(String zone) {
        return cloudflare.records(zone).stream().map(r -> r.path("type").asString() + " " + r.path("name").asString() + " → "
                + r.path("content").asString() + (r.path("proxied").asBoolean() ? " proxied" : "")).toList();
    }

    @Test
    @DisplayName("on an empty account: one tunnel rule before a new catch-all, one proxied CNAME to the tunnel, and the URL")
    void emptyAccount() {
        cloudflare.tunnel(TUNNEL);

        String summary = edge.expose(SHOP, progress::add);

        assertThat(summary).isEqualTo("https://shop.example.com");
        assertThat(rules()).map(JsonNode::toString).containsExactly(
                "{\"hostname\":\"shop.example.com\",\"service\":\"" + SERVICE + "\"}", "{\"service\":\"http_status:404\"}");
        assertThat(recordsOf("example.com")).containsExactly("CNAME shop.example.com → " + TUNNEL + ".cfargotunnel.com proxied");
        assertThat(cloudflare.writes()).containsExactly(
                "PUT /accounts/" + CloudflareStub.ACCOUNT + "/cfd_tunnel/" + TUNNEL + "/configurations",
                "POST /zones/" + cloudflare.records("example.com").getFirst().path("zone_id").asString() + "/dns_records");
        assertThat(progress).containsExactly("added the tunnel rule shop.example.com → " + SERVICE,
                "created the proxied CNAME shop.example.com → " + TUNNEL + ".cfargotunnel.com");
        assertThat(cloudflare.received()).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + CloudflareStub.TOKEN));
    }

    @Test
    @DisplayName("on a tunnel with other hostnames: ours goes in before the catch-all, every other rule and setting is kept as it was")
    void otherHostnames() {
        cloudflare.tunnel(TUNNEL, OTHERS);
        for (int i = 1; i <= 7; i++) {
            cloudflare.record("example.com", "A", "host" + i + ".example.com", "203.0.113." + i, false);
        }
        List<JsonNode> before = recordsOfZone();
        JsonNode original = CloudflareStub.JSON.readTree(OTHERS);

        assertThat(edge.expose(SHOP, progress::add)).isEqualTo("https://shop.example.com");

        List<JsonNode> rules = rules();
        assertThat(rules).hasSize(4);
        assertThat(rules.get(0)).isEqualTo(original.path("ingress").get(0));
        assertThat(rules.get(1)).isEqualTo(original.path("ingress").get(1));
        assertThat(rules.get(2).toString()).isEqualTo("{\"hostname\":\"shop.example.com\",\"service\":\"" + SERVICE + "\"}");
        assertThat(rules.get(3)).isEqualTo(original.path("ingress").get(2));
        assertThat(cloudflare.tunnelConfig(TUNNEL).path("originRequest")).isEqualTo(original.path("originRequest"));
        assertThat(cloudflare.tunnelConfig(TUNNEL).path("warp-routing")).isEqualTo(original.path("warp-routing"));
        assertThat(recordsOfZone().subList(0, 7)).isEqualTo(before);
        assertThat(recordsOf("example.com")).hasSize(8).last().isEqualTo("CNAME shop.example.com → " + TUNNEL + ".cfargotunnel.com proxied");
        // the records list was read page by page
        assertThat(cloudflare.requests()).anyMatch(r -> r.contains("/dns_records?name=shop.example.com&page=1&per_page=100"));
    }

    private List<JsonNode> recordsOfZone() {
        return cloudflare.records("example.com");
    }

    @Test
    @DisplayName("run again finds everything in place, says so and writes nothing")
    void idempotent() {
        cloudflare.tunnel(TUNNEL, OTHERS);
        edge.expose(SHOP, progress::add);
        JsonNode config = cloudflare.tunnelConfig(TUNNEL);
        cloudflare.resetRequests();

        assertThat(edge.expose(SHOP, progress::add)).isEqualTo("already in place: https://shop.example.com");

        assertThat(cloudflare.writes()).isEmpty();
        assertThat(cloudflare.tunnelConfig(TUNNEL)).isEqualTo(config);
    }

    @Test
    @DisplayName("corrects a rule of the hostname that sends traffic elsewhere, and a CNAME that points elsewhere or is not proxied")
    void corrects() {
        cloudflare.tunnel(TUNNEL, """
                {"ingress": [{"hostname": "shop.example.com", "service": "http://old:80", "originRequest": {"http2Origin": true}},
                             {"hostname": "shop.example.com", "service": "http://older:80"},
                             {"service": "http_status:404"}]}""");
        cloudflare.record("example.com", "CNAME", "shop.example.com", "old.example.net", false);

        assertThat(edge.expose(SHOP, progress::add)).isEqualTo("https://shop.example.com");

        assertThat(rules()).map(JsonNode::toString).containsExactly(
                "{\"hostname\":\"shop.example.com\",\"service\":\"" + SERVICE + "\",\"originRequest\":{\"http2Origin\":true}}",
                "{\"service\":\"http_status:404\"}");
        assertThat(recordsOf("example.com")).containsExactly("CNAME shop.example.com → " + TUNNEL + ".cfargotunnel.com proxied");
    }

    @Test
    @DisplayName("refuses a hostname that has an A record, naming it, and changes nothing")
    void conflictingRecord() {
        cloudflare.tunnel(TUNNEL, OTHERS);
        String id = cloudflare.record("example.com", "A", "shop.example.com", "203.0.113.7", true);

        assertThatThrownBy(() -> edge.expose(SHOP, progress::add))
                .isInstanceOf(StepFailure.class)
                .hasMessage("shop.example.com already has a A record (203.0.113.7, id " + id + ") in the zone example.com;"
                        + " Signoff does not overwrite it: remove it, or expose another hostname");
        assertThat(cloudflare.writes()).isEmpty();
        assertThat(recordsOf("example.com")).containsExactly("A shop.example.com → 203.0.113.7 proxied");
    }

    @Test
    @DisplayName("tries again after a 429, waiting the Retry-After Cloudflare asks for")
    void rateLimited() {
        cloudflare.tunnel(TUNNEL);
        cloudflare.failNext(429, 1, 1);
        long start = System.nanoTime();

        assertThat(edge.expose(SHOP, progress::add)).isEqualTo("https://shop.example.com");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(cloudflare.requests().get(0)).isEqualTo(cloudflare.requests().get(1));
        assertThat(recordsOf("example.com")).hasSize(1);
    }

    @Test
    @DisplayName("tries a 5xx again with backoff, and after the last attempt fails saying a retry can help, quoting Cloudflare")
    void serverErrors() {
        cloudflare.tunnel(TUNNEL);
        cloudflare.failNext(503, CloudflareApi.ATTEMPTS, -1);

        assertThatThrownBy(() -> edge.expose(SHOP, progress::add))
                .isInstanceOfSatisfying(StepFailure.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageStartingWith("Cloudflare GET /zones?name=example.com")
                .hasMessageEndingWith("failed (HTTP 503, [10001] Service unavailable) after 5 attempts");
        assertThat(cloudflare.requests()).hasSize(CloudflareApi.ATTEMPTS);
    }

    @Test
    @DisplayName("a 403 on the tunnel says the token needs Cloudflare Tunnel Edit, quotes the call and Cloudflare's error, and never the token")
    void forbiddenTunnel() {
        cloudflare.tunnel(TUNNEL);
        cloudflare.forbid("/cfd_tunnel/");

        assertThatThrownBy(() -> edge.expose(SHOP, progress::add))
                .isInstanceOfSatisfying(StepFailure.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessage("Cloudflare GET /accounts/" + CloudflareStub.ACCOUNT + "/cfd_tunnel/" + TUNNEL + "/configurations was refused"
                        + " (HTTP 403, [10000] Authentication error): the API token of Cloudflare account main (env:CLOUDFLARE_API_TOKEN)"
                        + " needs the permission Account → Cloudflare Tunnel → Edit")
                .message().doesNotContain(CloudflareStub.TOKEN);
        assertThat(cloudflare.writes()).isEmpty();
    }

    @Test
    @DisplayName("a 403 on DNS records says the token needs DNS Edit")
    void forbiddenDns() {
        cloudflare.tunnel(TUNNEL);
        cloudflare.forbid("/dns_records");

        assertThatThrownBy(() -> edge.expose(SHOP, progress::add))
                .hasMessageEndingWith("needs the permission Zone → DNS → Edit");
    }

    @Test
    @DisplayName("an unset token variable fails the step naming the variable, before any call")
    void noToken() {
        CloudflareAccount account = new CloudflareAccount("main", CloudflareStub.ACCOUNT, "env:CLOUDFLARE_API_TOKEN", cloudflare.url());
        Edge without = new Edge(new PipelineConfig(Map.of(), Map.of(), Map.of(), Map.of(), Map.of("main", account), Map.of(), Map.of()), Map.of(), Duration.ZERO);

        assertThatThrownBy(() -> without.expose(SHOP, progress::add))
                .hasMessage("Cloudflare account main: apiToken env:CLOUDFLARE_API_TOKEN: the environment variable CLOUDFLARE_API_TOKEN is not set");
        assertThat(cloudflare.requests()).isEmpty();
    }

    @Test
    @DisplayName("without a tunnel: a proxied CNAME to the target, and no tunnel call")
    void target() {
        Exposure lb = new Exposure("main", "example.org", "shop.example.org", null, null, "lb.example.com");

        assertThat(edge.expose(lb, progress::add)).isEqualTo("https://shop.example.org");

        assertThat(recordsOf("example.org")).containsExactly("CNAME shop.example.org → lb.example.com proxied");
        assertThat(cloudflare.requests()).noneMatch(r -> r.contains("cfd_tunnel"));
    }

    @Test
    @DisplayName("sunset removes only this app's rule and record, and run again finds them not there")
    void unexpose() {
        cloudflare.tunnel(TUNNEL, OTHERS);
        edge.expose(BLOG, progress::add);
        edge.expose(SHOP, progress::add);
        cloudflare.record("example.com", "TXT", "_acme.example.com", "token", false);
        List<String> blogAndOthers = recordsOf("example.com").stream().filter(r -> !r.contains("shop.")).toList();

        String summary = edge.unexpose(SHOP, progress::add);

        assertThat(summary).isEqualTo("removed the tunnel rule for shop.example.com and the CNAME shop.example.com → " + TUNNEL + ".cfargotunnel.com");
        assertThat(rules()).extracting(r -> r.path("hostname").asString("*"))
                .containsExactly("www.example.com", "api.example.com", "blog.example.com", "*");
        assertThat(recordsOf("example.com")).isEqualTo(blogAndOthers);

        assertThat(edge.unexpose(SHOP, progress::add)).isEqualTo("nothing to remove; not there: the tunnel rule for shop.example.com"
                + " and the CNAME shop.example.com → " + TUNNEL + ".cfargotunnel.com");
    }

    @Test
    @DisplayName("sunset keeps a record of the hostname that is not Signoff's")
    void keepsOthersRecord() {
        Exposure lb = new Exposure("main", "example.org", "shop.example.org", null, null, "lb.example.com");
        cloudflare.record("example.org", "CNAME", "shop.example.org", "someone-else.example.net", true);

        assertThat(edge.unexpose(lb, progress::add)).isEqualTo("nothing to remove; kept the DNS records of shop.example.org that point elsewhere (not Signoff's)");
        assertThat(recordsOf("example.org")).hasSize(1);
    }

    @Test
    @DisplayName("two stages writing one tunnel at once are serialised: both rules are there")
    void serialised() throws Exception {
        cloudflare.tunnel(TUNNEL, OTHERS);
        try (var pool = Executors.newFixedThreadPool(2)) {
            var shop = pool.submit(() -> edge.expose(SHOP, progress::add));
            var blog = pool.submit(() -> edge(cloudflare, Duration.ofMillis(10)).expose(BLOG, progress::add));
            shop.get();
            blog.get();
        }
        assertThat(rules()).extracting(r -> r.path("hostname").asString("*"))
                .containsExactlyInAnyOrder("www.example.com", "api.example.com", "shop.example.com", "blog.example.com", "*");
        assertThat(rules().getLast().path("service").asString()).isEqualTo("http_status:404");
    }

    @Test
    @DisplayName("when another writer replaces the tunnel's document after ours, the read-back sees it and the rule is written again")
    void readBack() {
        cloudflare.tunnel(TUNNEL, OTHERS);
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        cloudflare.afterPut(id -> {
            if (once.compareAndSet(false, true)) {
                cloudflare.tunnel(TUNNEL, OTHERS); // someone else's PUT, from what they read before ours
            }
        });

        assertThat(edge.expose(SHOP, progress::add)).isEqualTo("https://shop.example.com");

        assertThat(cloudflare.writes()).filteredOn(w -> w.startsWith("PUT")).hasSize(2);
        assertThat(rules()).extracting(r -> r.path("hostname").asString("*")).containsOnlyOnce("shop.example.com");
    }
}
