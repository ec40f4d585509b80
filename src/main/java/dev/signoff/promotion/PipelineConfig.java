package dev.signoff.promotion;

import dev.signoff.promotion.spi.StepFailure;

import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code config/pipelines.yaml} says, validated: people, groups, registries, clusters,
 * Cloudflare accounts, metrics servers ({@code monitoring:}), apps with their ordered stages, and
 * releases (named groups of apps promoted with one card).
 * Maps keep the file's order. Who may approve a stage is
 * answered by the core's Approvers, which also asks chat platforms about linked groups.
 */
public record PipelineConfig(
        Map<String, Person> people,
        Map<String, Group> groups,
        Map<String, RegistryConfig> registries,
        Map<String, ClusterConfig> clusters,
        Map<String, CloudflareAccount> cloudflare,
        Map<String, MonitoringConfig> monitoring,
        Map<String, AppConfig> apps,
        Map<String, ReleaseConfig> releases) {

    public PipelineConfig {
        people = Map.copyOf(people);
        groups = Map.copyOf(groups);
        registries = Map.copyOf(registries);
        clusters = Map.copyOf(clusters);
        cloudflare = Map.copyOf(cloudflare);
        monitoring = Map.copyOf(monitoring);
        apps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(apps));
        releases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(releases));
    }

    /** A config without releases. */
    public PipelineConfig(Map<String, Person> people, Map<String, Group> groups, Map<String, RegistryConfig> registries,
                          Map<String, ClusterConfig> clusters, Map<String, CloudflareAccount> cloudflare,
                          Map<String, MonitoringConfig> monitoring, Map<String, AppConfig> apps) {
        this(people, groups, registries, clusters, cloudflare, monitoring, apps, Map.of());
    }

    /** A config without Cloudflare accounts and metrics servers. */
    public PipelineConfig(Map<String, Person> people, Map<String, Group> groups, Map<String, RegistryConfig> registries,
                          Map<String, ClusterConfig> clusters, Map<String, AppConfig> apps) {
        this(people, groups, registries, clusters, Map.of(), Map.of(), apps);
    }

    public Optional<AppConfig> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** The release of that name, if the config has one. */
    public Optional<ReleaseConfig> release(String name) {
        return Optional.ofNullable(releases.get(name));
    }

    /** The named stage of the named app, if both are in the config. */
    public Optional<Stage> stage(String app, String stage) {
        return app(app).flatMap(a -> a.stage(stage));
    }

    /** The app, or a refusal that lists the apps there are. */
    public AppConfig requireApp(String name) {
        return app(name).orElseThrow(() -> new Refusal("I don't know an app called '" + name + "'. Apps: "
                + String.join(", ", apps.keySet()) + "."));
    }

    /** The stage, or a refusal that lists the apps or the app's stages. */
    public Stage requireStage(String app, String stage) {
        AppConfig a = requireApp(app);
        return a.stage(stage).orElseThrow(() -> new Refusal(a.name() + " has no stage '" + stage + "'. Stages: "
                + String.join(", ", a.stageNames()) + "."));
    }

    /**
     * The registry {@code image} names, by its name under {@code registries:}. Config validation
     * makes every stage's image name a known registry; any other name fails the step, listing the
     * registries there are.
     */
    public RegistryConfig registry(ImageRef image) {
        RegistryConfig registry = registries.get(image.registry());
        if (registry == null) {
            throw new StepFailure("registry " + image.registry() + " is not defined in the pipelines config; the registries are "
                    + String.join(", ", registries.keySet().stream().sorted().toList()), false);
        }
        return registry;
    }

    /**
     * The metrics server a stage's analysis names. Config validation makes every analysis name a
     * defined one; any other name fails the step, listing the servers there are.
     */
    public MonitoringConfig monitoring(Analysis analysis) {
        MonitoringConfig server = monitoring.get(analysis.prometheus());
        if (server == null) {
            throw new StepFailure("monitoring " + analysis.prometheus() + " is not defined in the pipelines config; "
                    + (monitoring.isEmpty() ? "none is" : "the servers are " + String.join(", ", monitoring.keySet().stream().sorted().toList())), false);
        }
        return server;
    }

    /**
     * The Cloudflare account an exposure names. Config validation makes every exposure name a
     * defined account; any other name fails the step, listing the accounts there are.
     */
    public CloudflareAccount cloudflareAccount(Exposure exposure) {
        CloudflareAccount account = cloudflare.get(exposure.account());
        if (account == null) {
            throw new StepFailure("Cloudflare account " + exposure.account() + " is not defined in the pipelines config; the accounts are "
                    + String.join(", ", cloudflare.keySet().stream().sorted().toList()), false);
        }
        return account;
    }

    /** The reference a kubelet or a docker client can pull: the registry's host in place of its config name. */
    public String pullable(ImageRef image) {
        return registry(image).host() + "/" + image.repository() + (image.isPinned() ? "@" + image.digest() : ":" + image.tag());
    }

    /** The person a chat platform's user id belongs to, e.g. ("slack", "U01ALICE") → alice. */
    public Optional<Person> personByIdentity(String platform, String userId) {
        return people.values().stream().filter(p -> userId.equals(p.identities().get(platform))).findFirst();
    }

    /** The app whose channel on the given platform is {@code channelId}. */
    public Optional<AppConfig> appByChannel(String platform, String channelId) {
        return apps.values().stream().filter(a -> channelId.equals(a.channels().get(platform))).findFirst();
    }
}
