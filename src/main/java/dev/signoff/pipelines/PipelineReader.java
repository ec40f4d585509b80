package dev.signoff.pipelines;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.Group;
import dev.signoff.promotion.MonitoringConfig;
import dev.signoff.promotion.Person;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.ReleaseConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The top level of the file. Sections are read in the order they can refer to each other. */
final class PipelineReader {
    private PipelineReader() {
    }

    static PipelineConfig read(YamlNode root, Problems problems) {
        YamlNode.Fields fields = root.fields("a mapping with people, groups, registries, clusters, cloudflare, monitoring, git, apps and releases",
                "people", "groups", "registries", "clusters", "cloudflare", "monitoring", "git", "apps", "releases");
        Map<String, Person> people = fields.get("people", PeopleReader::people, new LinkedHashMap<>());
        Map<String, Group> groups = fields.get("groups", node -> PeopleReader.groups(node, people), new LinkedHashMap<>());
        Map<String, RegistryConfig> registries = fields.get("registries", InfrastructureReader::registries, new LinkedHashMap<>());
        Map<String, ClusterConfig> clusters = fields.get("clusters", InfrastructureReader::clusters, new LinkedHashMap<>());
        java.util.Set<String> accountNames = new java.util.LinkedHashSet<>();
        Map<String, CloudflareAccount> cloudflare = fields.get("cloudflare", node -> CloudflareReader.accounts(node, accountNames), new LinkedHashMap<>());
        Map<String, MonitoringConfig> monitoring = fields.get("monitoring", AnalysisReader::monitoring, new LinkedHashMap<>());
        java.util.Set<String> gitNames = new java.util.LinkedHashSet<>();
        Map<String, dev.signoff.promotion.GitRepo> git = fields.get("git", node -> GitReader.repos(node, gitNames), new LinkedHashMap<>());
        Known known = new Known(people, groups, registries, clusters, accountNames, monitoring, git, gitNames);
        Map<String, AppConfig> apps = fields.require("apps", "apps: { shop: { channel: { console: shop }, stages: [...] } }",
                new AppReader(known)::apps);
        Map<String, ReleaseConfig> releases = fields.get("releases",
                new ReleaseReader(apps == null ? Map.of() : apps)::releases, new LinkedHashMap<>());
        problems.throwIfAny();
        return new PipelineConfig(people, groups, registries, clusters, cloudflare, monitoring, apps, releases);
    }
}
