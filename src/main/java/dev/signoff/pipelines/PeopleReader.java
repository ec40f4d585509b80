package dev.signoff.pipelines;

import dev.signoff.promotion.Group;
import dev.signoff.promotion.Person;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code people:} (names with their chat identities) and {@code groups:} (names of lists of people,
 * or of a mapping that also, or only, links the group to a Slack user group).
 */
final class PeopleReader {
    /** Slack user group ids: S, then capitals and digits (S0614TZR7). */
    private static final Pattern SLACK_GROUP = Pattern.compile("S[A-Z0-9]+");
    /** Discord role ids: a snowflake, digits only. */
    private static final Pattern DISCORD_ROLE = Pattern.compile("[0-9]{17,20}");
    private static final String LINKED_EXAMPLE = "{ members: [bob], slack: S0RELEASE }";

    private PeopleReader() {
    }

    static Map<String, Person> people(YamlNode node) {
        Map<String, Person> people = new LinkedHashMap<>();
        Identities identities = new Identities("id");
        node.entries("a mapping of people, like alice: { slack: U01ALICE, console: alice }").forEach((name, body) -> {
            Known.checkName(body, name);
            people.put(name, new Person(name, identities.read(body, name, "{ slack: U01ALICE, console: alice }")));
        });
        return people;
    }

    static Map<String, Group> groups(YamlNode node, Map<String, Person> people) {
        Map<String, Group> groups = new LinkedHashMap<>();
        node.entries("a mapping of groups, like qa: [carol, dave] or release: " + LINKED_EXAMPLE).forEach((name, body) -> {
            Known.checkName(body, name);
            groups.put(name, body.isMapping() ? linked(name, body, people) : Group.of(name, members(body, people)));
        });
        return groups;
    }

    /**
     * {@code { members: [bob], slack: S0RELEASE, discord: "112233445566778899" }}: listed people, a
     * Slack user group, or both; and a Discord role that only names the group in mentions.
     */
    private static Group linked(String name, YamlNode body, Map<String, Person> people) {
        YamlNode.Fields fields = body.fields("a group, like " + LINKED_EXAMPLE, "members", "slack", "discord");
        YamlNode membersNode = fields.optional("members");
        YamlNode slackNode = fields.optional("slack");
        if (membersNode == null && slackNode == null) {
            body.problem("needs members, slack or both, like " + LINKED_EXAMPLE);
        }
        String role = fields.get("discord", PeopleReader::discordRole, null);
        List<String> members = membersNode == null ? List.of() : members(membersNode, people);
        String slack = slackNode == null ? null : slackNode.text();
        if (slack != null && !SLACK_GROUP.matcher(slack).matches()) {
            // still linked, so the approval count check does not add a second problem for this one
            slackNode.problem("'" + slack + "' is not a Slack user group id (S followed by capital letters and digits, like S0RELEASE)");
        }
        return new Group(name, members, slack == null ? Map.of() : Map.of("slack", slack), role == null ? Map.of() : Map.of("discord", role));
    }

    private static String discordRole(YamlNode node) {
        String role = node.text();
        if (role != null && !DISCORD_ROLE.matcher(role).matches()) {
            node.problem("'" + role + "' is not a Discord role id (17 to 20 digits, quoted, like \"112233445566778899\")");
            return null;
        }
        return role;
    }

    private static List<String> members(YamlNode list, Map<String, Person> people) {
        List<String> members = new ArrayList<>();
        for (YamlNode item : list.items()) {
            String member = item.text();
            if (member != null && !people.containsKey(member)) {
                item.problem("'" + member + "' names a person who is not defined; " + Known.choices("people", people.keySet()));
            } else if (member != null) {
                members.add(member);
            }
        }
        return members;
    }
}
