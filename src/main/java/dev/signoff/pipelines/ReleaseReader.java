package dev.signoff.pipelines;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.ReleaseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code releases:}: named groups of apps promoted with one card. Each names defined apps, each
 * once, in the order they run, and a channel of its own; a release may not take an app's name,
 * since {@code promote <name>} must mean one thing.
 */
final class ReleaseReader {
    private static final String EXAMPLE = "storefront: { apps: [shop, cart], channel: { slack: C0SHOP, console: shop } }";
    private static final String CHANNEL_EXAMPLE = "{ slack: C0SHOP, discord: \"1122334455\", console: shop }";

    private final Map<String, AppConfig> apps;
    private final Identities channels = new Identities("channel");

    ReleaseReader(Map<String, AppConfig> apps) {
        this.apps = apps;
    }

    Map<String, ReleaseConfig> releases(YamlNode node) {
        Map<String, ReleaseConfig> releases = new LinkedHashMap<>();
        node.entries("a mapping of releases, like " + EXAMPLE).forEach((name, body) -> {
            ReleaseConfig release = release(name, body);
            if (release != null) {
                releases.put(name, release);
            }
        });
        return releases;
    }

    private ReleaseConfig release(String name, YamlNode body) {
        Known.checkName(body, name);
        if (apps.containsKey(name)) {
            body.problem("'" + name + "' is already the name of an app; a release needs a name of its own");
        }
        YamlNode.Fields fields = body.fields("a release, like " + EXAMPLE, "apps", "channel");
        List<String> members = fields.require("apps", "apps: [shop, cart]", this::members);
        Map<String, String> channelIds = fields.require("channel", "channel: " + CHANNEL_EXAMPLE, this::channel);
        return members == null || channelIds == null ? null : new ReleaseConfig(name, members, channelIds);
    }

    private List<String> members(YamlNode node) {
        List<String> members = new ArrayList<>();
        Map<String, Integer> firstAt = new LinkedHashMap<>();
        List<YamlNode> items = node.atLeastOne("app, like [shop, cart]");
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String app = item.text();
            if (app == null) {
                continue;
            }
            if (!apps.containsKey(app)) {
                item.problem("'" + app + "' names an app that is not defined; " + Known.choices("apps", apps.keySet()));
            } else if (firstAt.containsKey(app)) {
                item.problem("'" + app + "' is listed twice (first as apps[" + firstAt.get(app) + "]); each app runs once in a release");
            } else {
                firstAt.put(app, i);
                members.add(app);
            }
        }
        return members;
    }

    private Map<String, String> channel(YamlNode node) {
        int before = node.problemCount();
        Map<String, String> ids = channels.read(node, "this release", CHANNEL_EXAMPLE);
        if (ids.isEmpty() && node.problemCount() == before) {
            node.problem("needs a channel on at least one platform, like " + CHANNEL_EXAMPLE);
        }
        return ids;
    }
}
