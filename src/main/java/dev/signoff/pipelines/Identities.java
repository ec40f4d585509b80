package dev.signoff.pipelines;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads chat ids per platform ({@code { slack: U01ALICE, discord: "812…", console: alice }}) and refuses
 * an id that another owner already uses on the same platform.
 */
final class Identities {
    private static final String[] PLATFORMS = {"slack", "discord", "console"};
    private static final Pattern DISCORD_ID = Pattern.compile("\\d{1,20}");
    private static final Pattern ID = Pattern.compile("\\S+");

    private final String noun;
    private final Map<String, Map<String, String>> firstUse = new HashMap<>();

    /** @param noun what the ids are, for messages: "id" for people, "channel" for apps */
    Identities(String noun) {
        this.noun = noun;
    }

    Map<String, String> read(YamlNode node, String owner, String example) {
        YamlNode.Fields fields = node.fields("a mapping of chat " + noun + "s, like " + example, PLATFORMS);
        Map<String, String> ids = new LinkedHashMap<>();
        for (String platform : PLATFORMS) {
            YamlNode value = fields.optional(platform);
            String id = value == null ? null : id(platform, value);
            if (id == null) {
                continue;
            }
            String first = firstUse.computeIfAbsent(platform, p -> new HashMap<>())
                    .putIfAbsent(id, owner + " (line " + value.line() + ")");
            if (first != null) {
                value.problem(platform + " " + noun + " '" + id + "' is already used by " + first);
            } else {
                ids.put(platform, id);
            }
        }
        return ids;
    }

    private String id(String platform, YamlNode value) {
        return platform.equals("discord")
                ? value.matching(DISCORD_ID, "a Discord " + noun + " id (Discord ids are numbers; quote them to be safe)")
                : value.matching(ID, "a " + noun + " id (ids have no spaces)");
    }
}
