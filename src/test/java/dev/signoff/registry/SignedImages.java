package dev.signoff.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.signoff.promotion.Digest;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * Fresh signed two-platform images for the benchmark: new random layers every time (so nothing
 * is at the destination and no cache helps), about {@code bytes} of blobs (35 %, 15 % and 15 %
 * shared by both platforms, 17.5 % per platform), and, on the source, what a signed build carries:
 * a cosign signature ({@code sha256-<hex>.sig}) of the index and of each platform, and an SPDX SBOM
 * of the index as an OCI 1.1 referrer, listed by the referrers tag schema (docker-registry has no
 * referrers API).
 */
final class SignedImages {
    /** The image and the tags that hold what is attached to it, in the source repository. */
    record Signed(Image image, List<String> signatureTags, String referrersTag, Cosign.Artifact sbom) {
        Digest digest() {
            return image.digest();
        }

        /** Every attachment tag, signatures first. */
        List<String> attachmentTags() {
            List<String> tags = new ArrayList<>(signatureTags);
            tags.add(referrersTag);
            return tags;
        }
    }

    private SignedImages() {
    }

    /** Builds the image under {@code folder} (removed again by {@link #push}) with a new random seed. */
    static Signed build(Path folder, long seed, long bytes) {
        long[] shared = {bytes * 35 / 100, bytes * 15 / 100, bytes * 15 / 100};
        Image image = TestImages.build(Kind.OCI_INDEX, folder, seed, shared, bytes * 175 / 1000);
        List<String> signatureTags = new ArrayList<>();
        signatureTags.add(Cosign.tag(image.digest(), ".sig"));
        image.children().keySet().forEach(child -> signatureTags.add(Cosign.tag(child, ".sig")));
        String spdx = "{\"spdxVersion\":\"SPDX-2.3\",\"dataLicense\":\"CC0-1.0\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"bench-" + seed
                + "\",\"packages\":[" + String.join(",", Stream.iterate(0, i -> i + 1).limit(200)
                .map(i -> "{\"SPDXID\":\"SPDXRef-Package-" + i + "\",\"name\":\"lib" + i + "\",\"versionInfo\":\"1." + i + ".0\"}").toList()) + "]}";
        Cosign.Artifact sbom = Cosign.referrer(image.digest(), MediaTypes.OCI_INDEX, image.top().length, "application/spdx+json", spdx);
        return new Signed(image, signatureTags, Cosign.tag(image.digest(), ""), sbom);
    }

    /**
     * Pushes the image (skopeo, from its {@code dir:} folder) to {@code repository:tag}, signs the
     * index and each platform with {@code key} and attaches the SBOM; then removes the folder.
     */
    static void push(Signed signed, PrivateKey key, LocalRegistry registry, String repository, String tag) {
        Image image = signed.image();
        TestImages.push(image, registry, repository, tag);
        String reference = registry.host() + "/" + repository;
        List<Digest> subjects = new ArrayList<>();
        subjects.add(image.digest());
        subjects.addAll(image.children().keySet());
        for (int i = 0; i < subjects.size(); i++) {
            Cosign.Artifact signature = Cosign.signature(List.of(Cosign.signed(Cosign.payload(subjects.get(i), reference), key)));
            Cosign.push(registry, repository, signed.signatureTags().get(i), signature);
        }
        Cosign.push(registry, repository, signed.sbom().digest().toString(), signed.sbom());
        Cosign.push(registry, repository, signed.referrersTag(), Cosign.referrersIndex(List.of(signed.sbom())));
        remove(image.dir());
    }

    private static void remove(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
