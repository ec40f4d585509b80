package dev.signoff.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A layout's {@code index.json}: an image index whose entries carry their tag in the
 * {@value #REF_NAME} annotation. Changes to a read index, before {@link LayoutStore} writes it back.
 */
final class LayoutIndex {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final JsonMapper JSON = JsonMapper.shared();

    private LayoutIndex() {
    }

static boolean removeTag(ObjectNode index, String tag) {
    return removeEntries(index, e -> tag.equals(e.path("annotations").path(REF_NAME).asString(null)));
}

static boolean removeDigest(ObjectNode index, String digest) {
    return removeEntries(index, e -> digest.equals(e.path("digest").asString(null)));
}

private static boolean removeEntries(ObjectNode index, Predicate<JsonNode> which) {
    ArrayNode entries = manifests(index);
    boolean removed = false;
    for (int i = entries.size() - 1; i >= 0; i--) {
        if (which.test(entries.get(i))) {
            entries.remove(i);
            removed = true;
        }
    }
    return removed;
}

static ArrayNode manifests(ObjectNode index) {
    return index.get("manifests") instanceof ArrayNode entries ? entries : index.putArray("manifests");
}

static ObjectNode emptyIndex() {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.putArray("manifests");
    return index;
}

    /** Points {@code tag} at {@code manifest}: its entries removed, a new one added. */
    static boolean tag(ObjectNode index, String tag, Manifest manifest) {
        removeTag(index, tag);
        ObjectNode entry = manifests(index).addObject();
        entry.put("mediaType", manifest.mediaType());
        entry.put("digest", manifest.digest().toString());
        entry.put("size", manifest.bytes().length);
        entry.putObject("annotations").put(REF_NAME, tag);
        return true;
    }

    /** The entry whose ref.name is {@code tag} (the last one, should there be several). */
    static Optional<JsonNode> entry(ObjectNode index, String tag) {
        JsonNode found = null;
        for (JsonNode entry : index.path("manifests").values()) {
            if (tag.equals(entry.path("annotations").path(REF_NAME).asString(null))) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The index in {@code file}; empty when there is none, a failure of {@code store} when it is not an image index. */
    static Optional<ObjectNode> read(Path file, Store store) {
        try {
            JsonNode index = JSON.readTree(Files.readAllBytes(file));
            if (!(index instanceof ObjectNode object) || !(index.path("manifests") instanceof ArrayNode) && !index.path("manifests").isMissingNode()) {
                throw store.failure(file + " is not an image index", false, null);
            }
            return Optional.of(object);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw store.failure(file + " is not JSON: " + e.getOriginalMessage(), false, e);
        } catch (IOException e) {
            throw store.failure("reading " + file + ": " + e, true, e);
        }
    }
}
