package dev.signoff.promotion;


import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The example pipeline of the architecture notes, built in code: dev → test → release → prod. */
public final class TestPipelines {
    /** A Wednesday, outside the prod freeze. */
    public static final java.time.Instant WEDNESDAY = java.time.Instant.parse("2026-11-18T10:00:00Z");
    public static final Digest D1 = Digest.sha256Of("image one");
    public static final Digest D2 = Digest.sha256Of("image two");
    public static final Digest D3 = Digest.sha256Of("image three");

    private TestPipelines() {
    }

    /** The pipeline; {@code replacing} stands in for its groups of the same name (qa, release). */
    public static PipelineConfig shop(Group... replacing) {
        Map<String, Group> groups = new LinkedHashMap<>();
        groups.put("qa", Group.of("qa", List.of("carol", "dave")));
        groups.put("release", Group.of("release", List.of("bob", "erin")));
        for (Group group : replacing) {
            groups.put(group.name(), group);
        }
        Map<String, Person> people = new LinkedHashMap<>();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin")) {
            people.put(name, new Person(name, Map.of("console", name, "slack", "U-" + name)));
        }
        DeployTarget dev = new DeployTarget("dev", "shop", "deployment", "shop", null, new Strategy.Rolling(), Duration.ofMinutes(10));
        DeployTarget test = new DeployTarget("dev", "shop-test", "deployment", "shop", null, new Strategy.Rolling(), Duration.ofMinutes(10));
        DeployTarget prod = new DeployTarget("prod", "shop", "deployment", "shop", null,
                new Strategy.Canary(List.of(10, 50, 100), Duration.ofMinutes(5)), Duration.ofMinutes(10));
        List<Stage> stages = List.of(
                new Stage("dev", ImageRef.parse("sandbox/shop:dev"), dev, ApprovalPolicy.none(), Gates.none(), List.of()),
                new Stage("test", ImageRef.parse("enterprise/shop:test"), test,
                        new ApprovalPolicy(1, List.of("group:qa"), true, null), new Gates(true, Duration.ofMinutes(30)), List.of()),
                new Stage("release", ImageRef.parse("enterprise/shop:release"), null,
                        new ApprovalPolicy(1, List.of("group:release"), true, null), Gates.none(), List.of()),
                new Stage("prod", ImageRef.parse("enterprise/shop:prod"), prod,
                        new ApprovalPolicy(2, List.of("group:release"), false, Duration.ofHours(24)), Gates.none(),
                        List.of(FreezeWindow.parse("Fri 16:00-Mon 08:00 Europe/Berlin"))));
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        apps.put("shop", new AppConfig("shop", Map.of("console", "shop", "slack", "C-SHOP"), stages, null, null));
        return new PipelineConfig(people, groups,
                Map.of("sandbox", new RegistryConfig("sandbox", "localhost:5000", true, null),
                        "enterprise", new RegistryConfig("enterprise", "registry.example.com", false, null)),
                Map.of("dev", new ClusterConfig("dev", "dev-cluster"), "prod", new ClusterConfig("prod", "prod-cluster")),
                apps);
    }

    /** A Cloudflare account whose API is the given URL, token from the environment variable CLOUDFLARE_API_TOKEN. */
    public static CloudflareAccount cloudflare(String apiUrl) {
        return new CloudflareAccount("main", "0123456789abcdef0123456789abcdef", "env:CLOUDFLARE_API_TOKEN", apiUrl);
    }

    public static final String TUNNEL = "6ff42ae2-765d-4adf-8112-31c55c1551ef";
    /** shop.example.com through the tunnel, to the Service in namespace shop. */
    public static final Exposure TUNNELLED = new Exposure("main", "example.com", "shop.example.com", TUNNEL,
            "http://shop.shop.svc.cluster.local:80", null);

    /** {@code config} with {@code stage} of shop exposed, and the account "main" at Cloudflare's default URL unless there is one. */
    public static PipelineConfig exposed(PipelineConfig config, String stage, Exposure exposure) {
        return exposed(config, stage, exposure, cloudflare(CloudflareAccount.DEFAULT_API_URL));
    }

    public static PipelineConfig exposed(PipelineConfig config, String stage, Exposure exposure, CloudflareAccount account) {
        Map<String, AppConfig> apps = new LinkedHashMap<>(config.apps());
        AppConfig old = config.app("shop").orElseThrow();
        List<Stage> stages = old.stages().stream().map(s -> !s.name().equals(stage) ? s
                : new Stage(s.name(), s.image(), s.deploy(), s.approval(), s.gates(), s.freeze(), null, exposure)).toList();
        apps.put("shop", new AppConfig(old.name(), old.channels(), stages, old.source(), old.commitUrl()));
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(), Map.of(account.name(), account), Map.of(), apps);
    }

    /** {@code config} with shop's stage {@code stage} changed by {@code change}. */
    public static PipelineConfig withStage(PipelineConfig config, String stage, java.util.function.UnaryOperator<Stage> change) {
        Map<String, AppConfig> apps = new LinkedHashMap<>(config.apps());
        AppConfig old = config.app("shop").orElseThrow();
        List<Stage> stages = old.stages().stream().map(s -> s.name().equals(stage) ? change.apply(s) : s).toList();
        apps.put("shop", new AppConfig(old.name(), old.channels(), stages, old.source(), old.commitUrl()));
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(),
                config.cloudflare(), config.monitoring(), apps);
    }

    /** {@code config} with the commits of {@code app} linked through the commit URL {@code template}. */
    public static PipelineConfig withCommitUrl(PipelineConfig config, String app, String template) {
        Map<String, AppConfig> apps = new LinkedHashMap<>(config.apps());
        AppConfig old = config.app(app).orElseThrow();
        apps.put(app, new AppConfig(old.name(), old.channels(), old.stages(), old.source(), new CommitUrl(template)));
        return new PipelineConfig(config.people(), config.groups(), config.registries(), config.clusters(), apps);
    }

    /** shop, cart and payments, each dev → test, and the release storefront of the three (see {@code ReleasesTest}). */
    public static PipelineConfig storefront() {
        return ReleasesTest.config();
    }
}
