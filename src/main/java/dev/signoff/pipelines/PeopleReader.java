package dev.signoff.pipelines;

import dev.signoff.promotion.Person;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code people:} (names with their chat identities) and {@code groups:} (names of lists of people). */
final class PeopleReader {
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

    static Map<String, List<String>> groups(YamlNode node, Map<String, Person> people) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        node.entries("a mapping of groups, like qa: [carol, dave]").forEach((name, body) -> {
            Known.checkName(body, name);
            List<String> members = new ArrayList<>();
            for (YamlNode item : body.items()) {
                String member = item.text();
                if (member != null && !people.containsKey(member)) {
                    item.problem("'" + member + "' names a person who is not defined; " + Known.choices("people", people.keySet()));
                } else if (member != null) {
                    members.add(member);
                }
            }
            groups.put(name, members);
        });
        return groups;
    }
}
