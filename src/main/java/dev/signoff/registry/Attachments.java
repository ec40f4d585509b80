package dev.signoff.registry;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.ProgressListener;

/**
 * What is attached to an image and travels with it, byte for byte:
 * <ul>
 * <li>cosign's tags beside the image, {@code sha256-<hex>.sig}, {@code .att} and {@code .sbom},
 *     for the top manifest's digest and each child's;</li>
 * <li>OCI 1.1 referrers of those digests (manifests whose {@code subject} is one of them), listed
 *     by the referrers API where the store has it, else by the referrers tag schema (an index
 *     tagged {@code sha256-<hex>}).</li>
 * </ul>
 * At the destination a cosign tag is written as it was; a referrer is written by digest, and where
 * the destination does not list it under its subject itself (no {@code OCI-Subject} answer), the
 * destination's referrers tag is written too: the source's index as it was when the destination
 * had none, else the destination's index with the new descriptors added.
 * <p>
 * What is not there is not copied and is no error; a lookup or a write that fails fails the copy.
 */
final class Attachments {
    private static final JsonMapper JSON = JsonMapper.shared();

    /** What an attachment is, for the card's "image + 2 signatures + 1 SBOM". */
    enum Kind {
        SIGNATURE("signature", "signatures"), ATTESTATION("attestation", "attestations"), SBOM("SBOM", "SBOMs"),
        REFERRER("other referrer", "other referrers");

        private final String one;
        private final String many;

        Kind(String one, String many) {
            this.one = one;
            this.many = many;
        }

        /** From a cosign tag's suffix. */
        static Kind ofSuffix(String suffix) {
            return switch (suffix) {
                case ".sig" -> SIGNATURE;
                case ".att" -> ATTESTATION;
                default -> SBOM;
            };
        }

        /**
         * From a referrer's artifact type (else its config's media type). A sigstore bundle (cosign 3
         * with OCI 1.1 referrers) is a signature or an attestation as its predicate type says.
         */
        static Kind ofType(String type, String bundlePredicate) {
            String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (t.contains("sigstore.bundle")) {
                return bundlePredicate == null || bundlePredicate.equals(COSIGN_SIGN_PREDICATE) ? SIGNATURE : ATTESTATION;
            }
            if (t.contains("sbom") || t.contains("spdx") || t.contains("cyclonedx")) {
                return SBOM;
            }
            if (t.contains("in-toto") || t.contains("dsse") || t.contains("attestation")) {
                return ATTESTATION;
            }
            if (t.contains("signature") || t.contains("simplesigning") || t.contains("notation") || t.contains("cosign")) {
                return SIGNATURE;
            }
            return REFERRER;
        }
    }

    /** A cosign tag's manifest ({@code tag} set) or a referrer ({@code listed}: its descriptor in the referrers index). */
    private record Attachment(Kind kind, Digest subject, Manifest manifest, String tag, JsonNode listed) {
    }

    static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");
    /** The predicate type cosign gives a plain signature in a sigstore bundle. */
    static final String COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";

    private final Store source;
    private final List<Attachment> found;
    /** The source's referrers tag index per subject, where the source lists referrers that way. */
    private final Map<Digest, Manifest> sourceIndexes;

    private Attachments(Store source, List<Attachment> found, Map<Digest, Manifest> sourceIndexes) {
        this.source = source;
        this.found = found;
        this.sourceIndexes = sourceIndexes;
    }

    /** The tag cosign uses for what is attached to {@code digest}: {@code sha256-<hex>} + suffix ("" for the referrers tag schema). */
    static String tag(Digest digest, String suffix) {
        return digest.algorithm() + "-" + digest.hex() + suffix;
    }

    /** What one subject has attached, and the source's referrers tag index for it (null where the referrers API answered). */
    private record Lookup(List<Attachment> found, Manifest index) {
    }

    /**
     * Looks up everything attached to the subjects in the source, the subjects {@code parallel} at a
     * time (each is a handful of small requests, and the copy waits for them); nothing is read twice.
     */
    static Attachments find(Store source, List<Digest> subjects, int parallel) {
        List<Lookup> lookups = Parallel.run(subjects, parallel, subject -> lookUp(source, subject), source::failure);
        List<Attachment> found = new ArrayList<>();
        Map<Digest, Manifest> indexes = new LinkedHashMap<>();
        Set<Digest> seen = new LinkedHashSet<>();
        for (int i = 0; i < subjects.size(); i++) {
            Lookup lookup = lookups.get(i);
            lookup.found().stream().filter(a -> seen.add(a.manifest().digest())).forEach(found::add);
            if (lookup.index() != null) {
                indexes.put(subjects.get(i), lookup.index());
            }
        }
        return new Attachments(source, found, indexes);
    }

    private static Lookup lookUp(Store source, Digest subject) {
        List<Attachment> found = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        for (String suffix : COSIGN_SUFFIXES) {
            Optional<Digest> at = source.find(tag(subject, suffix));
            if (at.isPresent() && seen.add(at.get())) {
                found.add(new Attachment(Kind.ofSuffix(suffix), subject, source.manifest(at.get().toString()), tag(subject, suffix), null));
            }
        }
        Referrers referrers = referrers(source, subject);
        for (JsonNode descriptor : referrers.listed()) {
            Digest digest = Digest.parse(descriptor.path("digest").asString());
            if (seen.add(digest)) {
                Manifest manifest = source.manifest(digest.toString());
                found.add(new Attachment(Kind.ofType(artifactType(descriptor, manifest),
                        descriptor.path("annotations").path("dev.sigstore.bundle.predicateType").asString(null)), subject, manifest, null, descriptor));
            }
        }
        return new Lookup(found, referrers.index());
    }

    /** The descriptors of a subject's referrers, and the referrers tag schema's index they come from (null where the API answered). */
    record Referrers(List<JsonNode> listed, Manifest index) {
    }

    /**
     * The referrers of {@code subject}: what the store's referrers API lists, else what the index
     * tagged by the referrers tag schema lists; none when neither has any.
     */
    static Referrers referrers(Store source, Digest subject) {
        Optional<List<JsonNode>> answered = source.referrers(subject);
        if (answered.isPresent()) {
            return new Referrers(answered.get(), null);
        }
        Optional<Digest> schema = source.find(tag(subject, ""));
        if (schema.isEmpty()) {
            return new Referrers(List.of(), null);
        }
        Manifest index = source.manifest(schema.get().toString());
        return new Referrers(parse(index).path("manifests").values().stream().toList(), index);
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    /**
     * Writes every attachment into {@code target}, {@code parallel} requests at a time: their blobs
     * (each once), child manifests, the attachments (a tag, or a referrer by digest), then the
     * referrers tags the destination does not keep itself. Answers "image + 2 signatures + 1 SBOM".
     * Into a layout the manifests are written one by one on this thread, which holds its lock.
     */
    String copyTo(Store target, int parallel) {
        return copyBlobsTo(target, parallel).writeManifests(target, parallel);
    }

    /** The first half of {@link #copyTo}: the blobs, which may move before the image's manifests are there. */
    BlobsCopied copyBlobsTo(Store target, int parallel) {
        Progress quiet = new Progress(ProgressListener.NONE, 0, 0, Long.MAX_VALUE);
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        List<Manifest> children = new ArrayList<>();
        for (Attachment attachment : found) {
            ManifestTree tree = ManifestTree.of(attachment.manifest(), child -> source.manifest(child.toString()),
                    problem -> source.failure(problem, false, null));
            tree.blobs().forEach(blobs::putIfAbsent);
            tree.children().stream().filter(c -> children.stream().noneMatch(k -> k.digest().equals(c.digest()))).forEach(children::add);
        }
        Parallel.run(new ArrayList<>(blobs.values()), parallel, blob -> {
            if (!target.hasBlob(blob)) {
                target.putBlob(blob, source, quiet);
            }
            return true;
        }, target::failure);
        return new BlobsCopied(children);
    }

    /** The attachments' blobs are at the destination; their manifests are still to be written, after the image's. */
    final class BlobsCopied {
        private final List<Manifest> children;

        private BlobsCopied(List<Manifest> children) {
            this.children = children;
        }

        /** The second half of {@link #copyTo}. */
        String writeManifests(Store target, int parallel) {
            for (Manifest child : children) { // deepest first, each before the index that lists it
                target.putManifest(child, child.digest().toString());
            }
            Function<Attachment, Boolean> write = attachment -> attachment.tag() != null
                    ? putTag(target, attachment) : target.putReferrer(attachment.manifest());
            List<Boolean> listedByTarget = target instanceof HttpStore ? Parallel.run(found, parallel, write, target::failure)
                    : found.stream().map(write).toList();
            Map<Digest, List<JsonNode>> unlisted = new LinkedHashMap<>();
            for (int i = 0; i < found.size(); i++) {
                if (!listedByTarget.get(i)) {
                    unlisted.computeIfAbsent(found.get(i).subject(), s -> new ArrayList<>()).add(found.get(i).listed());
                }
            }
            unlisted.forEach((subject, descriptors) -> listUnder(target, subject, descriptors));
            return summary();
        }
    }

    private static boolean putTag(Store target, Attachment attachment) {
        target.putManifest(attachment.manifest(), attachment.tag());
        return true;
    }
    /** "image + 2 signatures + 1 SBOM" (in a fixed order), or "image" when nothing is attached. */
    String summary() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        found.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        StringBuilder text = new StringBuilder("image");
        counts.forEach((kind, n) -> text.append(" + ").append(n).append(' ').append(n == 1 ? kind.one : kind.many));
        return text.toString();
    }

    /** The referrers tag schema at the destination: the source's index as it was, or the destination's with the new entries added. */
    private void listUnder(Store target, Digest subject, List<JsonNode> descriptors) {
        String tag = tag(subject, "");
        Optional<Digest> existing = target.find(tag);
        Manifest sourceIndex = sourceIndexes.get(subject);
        if (existing.isEmpty() && sourceIndex != null) {
            target.putManifest(sourceIndex, tag);
            return;
        }
        ObjectNode index;
        if (existing.isPresent()) {
            Manifest current = target.manifest(existing.get().toString());
            index = (ObjectNode) parse(current);
        } else {
            index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaTypes.OCI_INDEX);
            index.putArray("manifests");
        }
        ArrayNode entries = index.path("manifests") instanceof ArrayNode array ? array : index.putArray("manifests");
        Set<String> listed = new LinkedHashSet<>();
        entries.values().forEach(e -> listed.add(e.path("digest").asString()));
        boolean added = false;
        for (JsonNode descriptor : descriptors) {
            if (listed.add(descriptor.path("digest").asString())) {
                entries.add(descriptor);
                added = true;
            }
        }
        if (added || existing.isEmpty()) {
            byte[] bytes = JSON.writeValueAsBytes(index);
            target.putManifest(new Manifest(bytes, MediaTypes.OCI_INDEX, Digest.sha256Of(bytes)), tag);
        }
    }

    private static String artifactType(JsonNode descriptor, Manifest manifest) {
        if (descriptor.path("artifactType").isString()) {
            return descriptor.path("artifactType").stringValue();
        }
        JsonNode root = parse(manifest);
        return root.path("artifactType").isString() ? root.path("artifactType").stringValue() : root.path("config").path("mediaType").asString();
    }

    private static JsonNode parse(Manifest manifest) {
        try {
            return JSON.readTree(manifest.bytes());
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("the manifest " + manifest.digest().shortForm() + " is not JSON", e);
        }
    }
}
