package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.PromotionKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cloudflare accounts and a stage's expose")
class CloudflareRulesTest extends PipelinesFileTestSupport {

    /** The account's lines start at line 5; an app's stage with an exposure appended starts at line 14. */
    private static final String PRELUDE = """
            registries:
              sandbox: { host: localhost:5000 }
            clusters:
              prod: {}
            cloudflare:
              main:
                accountId: 0123456789abcdef0123456789abcdef
                apiToken: env:CLOUDFLARE_API_TOKEN
            apps:
              shop:
                stages:
                  - name: prod
                    image: sandbox/shop:prod
                    approval: none
            """;
    private static final String DEPLOY = """
                    deploy: { cluster: prod, namespace: shop, workload: deployment/shop }
            """;

    private static String exposed(String cloudflare) {
        return PRELUDE + DEPLOY + "        expose:\n          cloudflare:\n" + cloudflare.indent(12);
    }

    private static final String TUNNEL = """
            account: main
            zone: example.com
            hostname: shop.example.com
            tunnel: 6ff42ae2-765d-4adf-8112-31c55c1551ef
            service: http://shop.shop.svc.cluster.local:80
            """;

    @Test
    @DisplayName("The issue's example reads into the account (default API URL) and the exposure, whose plans expose and unexpose")
    void example() {
        PipelineConfig config = load(exposed(TUNNEL));

        assertThat(config.cloudflare()).containsEntry("main", new CloudflareAccount("main", "0123456789abcdef0123456789abcdef",
                "env:CLOUDFLARE_API_TOKEN", "https://api.cloudflare.com/client/v4"));
        var stage = config.requireStage("shop", "prod");
        assertThat(stage.expose()).isEqualTo(new Exposure("main", "example.com", "shop.example.com",
                "6ff42ae2-765d-4adf-8112-31c55c1551ef", "http://shop.shop.svc.cluster.local:80", null));
        assertThat(stage.steps(PromotionKind.PROMOTE)).containsExactly("copy", "deploy", "verify", "expose");
        assertThat(stage.steps(PromotionKind.SUNSET)).containsExactly("unexpose", "decommission", "stop monitoring", "delete tag");
    }

    @Test
    @DisplayName("A target instead of a tunnel reads into a CNAME to it")
    void target() {
        Exposure exposure = load(exposed("account: main\nzone: example.com\nhostname: shop.example.com\ntarget: lb.example.com\n"))
                .requireStage("shop", "prod").expose();
        assertThat(exposure.cnameTarget()).isEqualTo("lb.example.com");
        assertThat(exposure.viaTunnel()).isFalse();
    }

    @Test
    @DisplayName("An exposure in an account that is not defined names the accounts there are")
    void unknownAccount() {
        assertThat(problemsOf(exposed(TUNNEL.replace("account: main", "account: other"))))
                .isEqualTo(at("apps.shop.stages[0].expose.cloudflare.account", 18)
                        + "'other' names a Cloudflare account that is not defined; Cloudflare accounts are main");
    }

    @Test
    @DisplayName("A hostname outside the zone says what it must be")
    void outsideZone() {
        assertThat(problemsOf(exposed(TUNNEL.replace("hostname: shop.example.com", "hostname: shop.example.org"))))
                .isEqualTo(at("apps.shop.stages[0].expose.cloudflare.hostname", 20)
                        + "'shop.example.org' is not in the zone example.com; the hostname must be example.com or end in .example.com");
    }

    @Test
    @DisplayName("A hostname that only ends like the zone is outside it too")
    void lookalikeZone() {
        assertThat(problemsOf(exposed(TUNNEL.replace("hostname: shop.example.com", "hostname: shopexample.com"))))
                .contains("'shopexample.com' is not in the zone example.com");
    }

    @Test
    @DisplayName("Neither tunnel nor target says to give one")
    void neither() {
        assertThat(problemsOf(exposed("account: main\nzone: example.com\nhostname: shop.example.com\n")))
                .isEqualTo(at("apps.shop.stages[0].expose.cloudflare", 17)
                        + "give either tunnel: <id> with service: http://shop.shop.svc.cluster.local:80, or target: lb.example.com");
    }

    @Test
    @DisplayName("Both tunnel and target says to give one of them")
    void both() {
        assertThat(problemsOf(exposed(TUNNEL + "target: lb.example.com\n")))
                .isEqualTo(at("apps.shop.stages[0].expose.cloudflare", 17) + "give either tunnel (with service) or target, not both");
    }

    @Test
    @DisplayName("A tunnel without the service to send traffic to says so")
    void tunnelWithoutService() {
        assertThat(problemsOf(exposed(TUNNEL.replace("service: http://shop.shop.svc.cluster.local:80\n", ""))))
                .isEqualTo(at("apps.shop.stages[0].expose.cloudflare", 17)
                        + "'service' is required with a tunnel, like service: http://shop.shop.svc.cluster.local:80");
    }

    @Test
    @DisplayName("A tunnel id that is not a UUID is refused")
    void badTunnel() {
        assertThat(problemsOf(exposed(TUNNEL.replace("6ff42ae2-765d-4adf-8112-31c55c1551ef", "my-tunnel"))))
                .isEqualTo(at("apps.shop.stages[0].expose.cloudflare.tunnel", 21)
                        + "'my-tunnel' is not a Cloudflare Tunnel id (a UUID, as `cloudflared tunnel list` shows it)");
    }

    @Test
    @DisplayName("An API token written inline is refused, without repeating it")
    void inlineToken() {
        String problems = problemsOf(exposed(TUNNEL).replace("env:CLOUDFLARE_API_TOKEN", "Xq7-secret-token-value"));
        assertThat(problems).isEqualTo(at("cloudflare.main.apiToken", 8)
                + "the API token is never written inline; say where it comes from: env:VARIABLE or file:/path/to/file");
        assertThat(problems).doesNotContain("Xq7-secret-token-value");
    }

    @Test
    @DisplayName("An API URL over plain HTTP to another machine is refused: the token goes with every call")
    void plainHttpApi() {
        assertThat(problemsOf(exposed(TUNNEL).replace("apiToken: env:CLOUDFLARE_API_TOKEN",
                "apiToken: env:CLOUDFLARE_API_TOKEN\n    apiUrl: http://proxy.example.com/client/v4")))
                .isEqualTo(at("cloudflare.main.apiUrl", 9) + "'http://proxy.example.com/client/v4' is not an https URL"
                        + " (plain http only to 127.0.0.1 or localhost), like https://api.cloudflare.com/client/v4");
        assertThat(load(exposed(TUNNEL).replace("apiToken: env:CLOUDFLARE_API_TOKEN",
                "apiToken: env:CLOUDFLARE_API_TOKEN\n    apiUrl: http://127.0.0.1:8089/client/v4/")).cloudflare().get("main").apiUrl())
                .isEqualTo("http://127.0.0.1:8089/client/v4");
    }

    @Test
    @DisplayName("An account id that is not 32 hexadecimal digits is refused")
    void badAccountId() {
        assertThat(problemsOf(exposed(TUNNEL).replace("0123456789abcdef0123456789abcdef", "my-account")))
                .isEqualTo(at("cloudflare.main.accountId", 7)
                        + "'my-account' is not a Cloudflare account id (32 lowercase hexadecimal digits, from the dashboard's URL or Overview page)");
    }

    @Test
    @DisplayName("Unknown keys in an account and in an exposure list the known ones")
    void unknownKeys() {
        String problems = problemsOf(exposed(TUNNEL + "ttl: 300\n").replace("apiToken: env:CLOUDFLARE_API_TOKEN",
                "apiToken: env:CLOUDFLARE_API_TOKEN\n    email: ops@example.com"));
        assertThat(problems).isEqualTo(at("cloudflare.main.email", 9) + "'email' is not a known key here; the known keys are accountId, apiToken, apiUrl"
                + "\n" + at("apps.shop.stages[0].expose.cloudflare.ttl", 24)
                + "'ttl' is not a known key here; the known keys are account, zone, hostname, tunnel, service, target");
    }

    @Test
    @DisplayName("A stage that exposes but does not deploy is refused: only what a stage deploys is exposed")
    void exposeWithoutDeploy() {
        assertThat(problemsOf(PRELUDE + "        expose:\n          cloudflare:\n" + TUNNEL.indent(12)))
                .isEqualTo(at("apps.shop.stages[0].expose", 15)
                        + "only a stage that deploys is exposed; add deploy: or move expose: to the stage that deploys");
    }
}
