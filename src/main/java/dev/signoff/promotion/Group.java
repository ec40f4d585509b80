package dev.signoff.promotion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named group of approvers ({@code group:<name>}): the people listed for it in pipelines.yaml
 * and, when it is linked to a chat platform's own group ({@code slack → S0RELEASE}), every person
 * whose identity on that platform is in that group when they vote. {@code roles} are chat roles
 * ({@code discord → 112233445566778899}) that only name the group in mentions: who holds them
 * does not decide who may vote.
 */
public record Group(String name, List<String> members, Map<String, String> linked, Map<String, String> roles) {
    public Group {
        members = List.copyOf(members);
        linked = Collections.unmodifiableMap(new LinkedHashMap<>(linked));
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    /** A group with no role for mentions. */
    public Group(String name, List<String> members, Map<String, String> linked) {
        this(name, members, linked, Map.of());
    }

    /**
     * What names the whole group in a mention on {@code platform}: its linked group there (a Slack
     * user group) or its role there (a Discord role), if it has one.
     */
    public java.util.Optional<String> mentionOn(String platform) {
        return java.util.Optional.ofNullable(linked.getOrDefault(platform, roles.get(platform)));
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
