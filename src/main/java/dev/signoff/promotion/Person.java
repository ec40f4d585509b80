package dev.signoff.promotion;

import java.util.Map;

/** One person with their chat identities, e.g. {@code slack → U01ALICE}, {@code console → alice}. */
public record Person(String name, Map<String, String> identities) {
    public Person {
        identities = Map.copyOf(identities);
    }
}
