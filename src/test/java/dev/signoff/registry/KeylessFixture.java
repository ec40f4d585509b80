package dev.signoff.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * What the keyless tests share: a real docker-registry, a throw-away Fulcio (a root, an
 * intermediate and a stranger CA) and Rekor key written where the stage's trust names them, and
 * keyless signatures in cosign's layer annotations. Times are fixed, never the wall clock.
 */
abstract class KeylessFixture {
    static final String EMAIL = "release@example.com";
    static final String ISSUER = "https://accounts.example.com";
    static final String WORKFLOW = "https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main";
    static final String ACTIONS = "https://token.actions.githubusercontent.com";
    /** When the certificates are issued; fixed, never the wall clock. */
    static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant LOGGED = ISSUED.plusSeconds(120);

    @TempDir
    static Path work;

    static LocalRegistry registry;
    static CosignSignatures signatures;
    static final Sigstore.Authority fulcio = Sigstore.root("sigstore");
    static final Sigstore.Authority intermediate = Sigstore.intermediate(fulcio, "sigstore-intermediate");
    static final Sigstore.Authority stranger = Sigstore.root("stranger");
    static final KeyPair rekor = Cosign.keyPair("EC");
    static final KeyPair otherRekor = Cosign.keyPair("EC");
    static final KeyPair key = Cosign.keyPair("EC");
    static int seed = 300;
    /** The stage's keyless trust: the one identity, the Fulcio root and the Rekor key (set once the files are written). */
    static Gates.Keyless RELEASE;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.start("keyless", null, null, true);
        Files.writeString(work.resolve("fulcio.pem"), Sigstore.pem(fulcio.certificate()));
        Files.writeString(work.resolve("rekor.pub"), Cosign.pem(rekor.getPublic()));
        Files.writeString(work.resolve("cosign.pub"), Cosign.pem(key.getPublic()));
        Files.writeString(work.resolve("not-a-certificate.pem"), Cosign.pem(key.getPublic()));
        RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("keyless", registry, null)),
                RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE));
        signatures = new CosignSignatures(client);
        RELEASE = trust(new Gates.Identity(ISSUER, EMAIL));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static Gates.Keyless trust(Gates.Identity... identities) {
        return new Gates.Keyless(List.of(identities), "file:" + work.resolve("fulcio.pem"), "file:" + work.resolve("rekor.pub"));
    }


    static Image image(String tag) {
        Image image = TestImages.small(Kind.OCI_MANIFEST, work.resolve(tag), seed++);
        TestImages.push(image, registry, "shop", tag);
        return image;
    }

    static byte[] payload(Digest digest) {
        return Cosign.payload(digest, registry.host() + "/shop");
    }

    /** Signs {@code image} keyless as {@code signer}, logged at {@code logged} by {@code log}; {@code chain} as the chain annotation. */
    static void sign(Image image, Sigstore.Signer signer, List<java.security.cert.X509Certificate> chain, Instant logged, KeyPair log) {
        byte[] payload = payload(image.digest());
        String signature = Sigstore.sign(payload, signer.keys().getPrivate());
        String bundle = Sigstore.bundle(Sigstore.hashedRekord(signature, payload, signer.certificate()), logged, 4242, log);
        push(image, new Cosign.Layer(payload, signature, Sigstore.annotations(signer, chain, bundle)));
    }

    static void push(Image image, Cosign.Layer... layers) {
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(layers)));
    }

    static Verdict verify(Image image, Gates.Keyless keyless, String... keys) {
        return signatures.verify(ImageRef.parse("keyless/shop@" + image.digest()), List.of(keys), keyless);
    }

    static Verdict refused(Image image, String reason) {
        return new Verdict(false, "no signature of " + image.digest().shortForm() + " verifies with the stage's identities. identities "
                + EMAIL + " via " + ISSUER + ": " + reason + ".");
    }

    static Sigstore.Signer release() {
        return Sigstore.leaf(fulcio, EMAIL, ISSUER, ISSUED, false);
    }
}
