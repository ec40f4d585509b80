package dev.signoff.pipelines;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.BuildSource;
import dev.signoff.promotion.CommitUrl;
import dev.signoff.promotion.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code apps:}: each app's chat channels, its stages in promotion order, where its images are built and its commits shown. */
final class AppReader {
    private final Known known;
    private final Identities channels = new Identities("channel");

    AppReader(Known known) {
        this.known = known;
    }

    Map<String, AppConfig> apps(YamlNode node) {
        Map<String, AppConfig> apps = new LinkedHashMap<>();
        int before = node.problemCount();
        Map<String, YamlNode> entries = node.entries("a mapping of apps, like shop: { channel: { console: shop }, stages: [...] }");
        if (entries.isEmpty() && node.problemCount() == before) {
            node.problem("needs at least one app, like shop: { channel: { console: shop }, stages: [...] }");
        }
        entries.forEach((name, body) -> apps.put(name, app(name, body)));
        return apps;
    }

    private AppConfig app(String name, YamlNode body) {
        Known.checkName(body, name);
        YamlNode.Fields fields = body.fields("an app, like { channel: { console: shop }, stages: [...] }", "channel", "source", "commitUrl", "stages");
        Map<String, String> channelIds = fields.get("channel",
                channel -> channels.read(channel, "app " + name, "{ slack: C0SHOP, discord: \"1122334455\", console: shop }"), Map.of());
        BuildSource source = fields.get("source", AppReader::source, null);
        CommitUrl commitUrl = fields.get("commitUrl", value -> value.parsed(CommitUrl::new), null);
        List<Stage> stages = new ArrayList<>();
        YamlNode stageList = fields.required("stages", "stages: [ { name: dev, image: sandbox/shop:dev, approval: none } ]");
        if (stageList != null) {
            StageReader reader = new StageReader(known);
            List<YamlNode> items = stageList.atLeastOne("stage, like { name: dev, image: sandbox/shop:dev, approval: none }");
            for (int i = 0; i < items.size(); i++) {
                stages.add(reader.stage(items.get(i), i == 0));
            }
        }
        return new AppConfig(name, channelIds, stages, source, commitUrl);
    }

    /** {@code source: { repository: acme/shop, tag: "sha-{sha7}" }}: which CI builds are this app's, and the tag they push. */
    private static BuildSource source(YamlNode node) {
        YamlNode.Fields fields = node.fields("a build source, like { repository: acme/shop, tag: \"sha-{sha7}\" }", "repository", "tag");
        String repository = fields.require("repository", "repository: acme/shop (GitHub owner/repo, GitLab path, Jenkins job)", YamlNode::text);
        String tag = fields.require("tag", "tag: \"sha-{sha7}\"", value -> value.parsed(template -> {
            BuildSource.checkTemplate(template);
            return template;
        }));
        return repository == null || tag == null ? null : new BuildSource(repository, tag);
    }
}
