package dev.signoff.promotion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named group of approvers ({@code group:<name>}): the people listed for it in pipelines.yaml
 * and, when it is linked to a chat platform's own group ({@code slack → S0RELEASE}), every person
 * whose identity on that platform is in that group when they vote.
 */
public record Group(String name, List<String> members, Map<String, String> linked) {
    public Group {
        members = List.copyOf(members);
        linked = Collections.unmodifiableMap(new LinkedHashMap<>(linked));
    }

    /** A group of listed people only, like {@code qa: [carol, dave]}. */
    public static Group of(String name, List<String> members) {
        return new Group(name, members, Map.of());
    }

    /** Whether some of its members are only known by asking a chat platform. */
    public boolean isLinked() {
        return !linked.isEmpty();
    }
}
