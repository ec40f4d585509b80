package dev.signoff.pipelines;

import dev.signoff.promotion.ClusterConfig;
import dev.signoff.promotion.GitRepo;
import dev.signoff.promotion.Group;
import dev.signoff.promotion.MonitoringConfig;
import dev.signoff.promotion.Person;
import dev.signoff.promotion.RegistryConfig;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the file defines before its apps, for the apps to refer to by name ({@code cloudflare}: the
 * accounts' names; {@code gitNames}: every git repository's name, also of one with a mistake).
 */
record Known(Map<String, Person> people, Map<String, Group> groups,
             Map<String, RegistryConfig> registries, Map<String, ClusterConfig> clusters,
             java.util.Set<String> cloudflare, Map<String, MonitoringConfig> monitoring,
             Map<String, GitRepo> git, java.util.Set<String> gitNames) {

    /** How people, groups, registries, clusters and apps are named. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]*");
    private static final String NAME_RULE = "a valid name (lowercase letters, digits, '.', '_' and '-', starting with a letter)";

    /** Reports a name that does not follow {@link #NAME}, on the entry it names. */
    static void checkName(YamlNode entry, String name) {
        if (!NAME.matcher(name).matches()) {
            entry.problem("'" + name + "' is not " + NAME_RULE);
        }
    }

    /** "groups are qa, release", or "no groups are defined". */
    static String choices(String plural, Collection<String> names) {
        return names.isEmpty() ? "no " + plural + " are defined" : plural + " are " + String.join(", ", names);
    }
}
