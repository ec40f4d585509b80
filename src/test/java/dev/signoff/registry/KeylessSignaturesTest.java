package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * Keyless signatures against a real docker-registry: Fulcio-style certificates from a throw-away
 * CA and Rekor bundles signed by a throw-away Rekor key, in cosign's layer annotations, checked
 * offline at the time the bundle says the signature was logged. Every refusal has its sentence.
 */
@DisplayName("The signature gate checks keyless signatures offline")
class KeylessSignaturesTest {
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

    @Test
    @DisplayName("accepts a certificate for the identity, issued by the Fulcio root, with a bundle from the Rekor key, and says who signed")
    void accepts() {
        Image image = image("accepted");
        sign(image, release(), List.of(), LOGGED, rekor);

        assertThat(verify(image, RELEASE)).isEqualTo(new Verdict(true, "signed (keyless: " + EMAIL + " via " + ISSUER + ")"));
    }

    @Test
    @DisplayName("accepts a URI subject, the legacy issuer extension and a certificate issued by an intermediate named in the chain annotation")
    void workflowIdentity() {
        Image image = image("workflow");
        Sigstore.Signer signer = Sigstore.leaf(intermediate, WORKFLOW, ACTIONS, ISSUED, true);
        sign(image, signer, List.of(intermediate.certificate(), fulcio.certificate()), LOGGED, rekor);

        assertThat(verify(image, trust(new Gates.Identity(ISSUER, EMAIL), new Gates.Identity(ACTIONS, WORKFLOW))).text())
                .isEqualTo("signed (keyless: " + WORKFLOW + " via " + ACTIONS + ")");
    }

    @Test
    @DisplayName("takes the intermediate certificate from the fulcioRoot file when the signature carries no chain")
    void intermediateFromTheRootFile() throws Exception {
        Path withIntermediate = Files.writeString(work.resolve("fulcio-and-intermediate.pem"),
                Sigstore.pem(fulcio.certificate()) + Sigstore.pem(intermediate.certificate()));
        Image image = image("intermediate");
        sign(image, Sigstore.leaf(intermediate, EMAIL, ISSUER, ISSUED, false), List.of(), LOGGED, rekor);
        Gates.Keyless trust = new Gates.Keyless(List.of(new Gates.Identity(ISSUER, EMAIL)), "file:" + withIntermediate, "file:" + work.resolve("rekor.pub"));

        assertThat(verify(image, trust).text()).isEqualTo("signed (keyless: " + EMAIL + " via " + ISSUER + ")");
        assertThat(verify(image, RELEASE).text()).contains("was not issued by the Fulcio root");
    }

    @Test
    @DisplayName("keys and identities together: a signature that verifies either way passes")
    void keysAndIdentities() {
        Image byKey = image("by-key");
        push(byKey, Cosign.signed(payload(byKey.digest()), key.getPrivate()));
        Image keyless = image("keyless-too");
        sign(keyless, release(), List.of(), LOGGED, rekor);
        String cosignPub = "file:" + work.resolve("cosign.pub");

        assertThat(verify(byKey, RELEASE, cosignPub).text()).isEqualTo("signed (key " + Keys.fingerprint(key.getPublic()) + ")");
        assertThat(verify(keyless, RELEASE, cosignPub).text()).isEqualTo("signed (keyless: " + EMAIL + " via " + ISSUER + ")");

        Image byAnother = image("by-another-key");
        push(byAnother, Cosign.signed(payload(byAnother.digest()), otherRekor.getPrivate()));
        assertThat(verify(byAnother, RELEASE, cosignPub)).isEqualTo(new Verdict(false, "no signature of " + byAnother.digest().shortForm()
                + " verifies with the stage's keys or identities. key " + Keys.fingerprint(key.getPublic()) + " (" + cosignPub
                + "): the signature was not made with this key. identities " + EMAIL + " via " + ISSUER
                + ": a signature has no certificate (dev.sigstore.cosign/certificate): it is not a keyless signature."));
    }

    @Test
    @DisplayName("refuses a certificate for another subject")
    void wrongSubject() {
        Image image = image("wrong-subject");
        sign(image, Sigstore.leaf(fulcio, "mallory@example.com", ISSUER, ISSUED, false), List.of(), LOGGED, rekor);

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the certificate is for mallory@example.com, not " + EMAIL));
    }

    @Test
    @DisplayName("refuses a certificate for the subject issued on another OIDC issuer's token")
    void wrongIssuer() {
        Image image = image("wrong-issuer");
        sign(image, Sigstore.leaf(fulcio, EMAIL, "https://evil.example.com", ISSUED, false), List.of(), LOGGED, rekor);

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the certificate for " + EMAIL
                + " was issued on a token from https://evil.example.com, not " + ISSUER));
    }

    @Test
    @DisplayName("refuses a certificate not issued by the Fulcio root")
    void otherRoot() {
        Image image = image("other-root");
        sign(image, Sigstore.leaf(stranger, EMAIL, ISSUER, ISSUED, false), List.of(), LOGGED, rekor);

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the certificate for " + EMAIL + " (issuer O=sigstore.dev,CN=stranger)"
                + " was not issued by the Fulcio root (O=sigstore.dev,CN=sigstore, key " + Keys.fingerprint(fulcio.keys().getPublic()) + ") or a certificate it issued"));
    }

    @Test
    @DisplayName("refuses a certificate that had expired when the signature was logged")
    void expired() {
        Image image = image("expired");
        sign(image, release(), List.of(), ISSUED.plusSeconds(900), rekor);

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the certificate for " + EMAIL + " expired at 2026-03-01T10:10:00Z,"
                + " before the signature was logged at 2026-03-01T10:15:00Z"));
    }

    @Test
    @DisplayName("refuses a bundle signed by another Rekor key")
    void otherRekor() {
        Image image = image("other-rekor");
        sign(image, release(), List.of(), LOGGED, otherRekor);

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the Rekor bundle was not signed by the Rekor key "
                + Keys.fingerprint(rekor.getPublic()) + " (file:" + work.resolve("rekor.pub") + ")"));
    }

    @Test
    @DisplayName("refuses a bundle that records another signature")
    void bundleForAnotherSignature() {
        Image image = image("other-signature");
        Sigstore.Signer signer = release();
        byte[] payload = payload(image.digest());
        String signature = Sigstore.sign(payload, signer.keys().getPrivate());
        String another = Sigstore.sign(payload, signer.keys().getPrivate());
        String bundle = Sigstore.bundle(Sigstore.hashedRekord(another, payload, signer.certificate()), LOGGED, 7, rekor);
        push(image, new Cosign.Layer(payload, signature, Sigstore.annotations(signer, List.of(), bundle)));

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the Rekor bundle records another signature, not this one"));
    }

    @Test
    @DisplayName("refuses a bundle that records a signature of another payload")
    void bundleForAnotherPayload() {
        Image image = image("other-payload");
        Sigstore.Signer signer = release();
        byte[] payload = payload(image.digest());
        byte[] other = payload(image("elsewhere").digest());
        String signature = Sigstore.sign(payload, signer.keys().getPrivate());
        String bundle = Sigstore.bundle(Sigstore.hashedRekord(signature, other, signer.certificate()), LOGGED, 8, rekor);
        push(image, new Cosign.Layer(payload, signature, Sigstore.annotations(signer, List.of(), bundle)));

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the Rekor bundle records a signature of another payload (sha256:"
                + Digest.sha256Of(other).hex().substring(0, 12) + "), not of this one (sha256:" + Digest.sha256Of(payload).hex().substring(0, 12) + ")"));
    }

    @Test
    @DisplayName("refuses a keyless signature without a bundle: offline verification needs it")
    void noBundle() {
        Image image = image("no-bundle");
        Sigstore.Signer signer = release();
        byte[] payload = payload(image.digest());
        push(image, new Cosign.Layer(payload, Sigstore.sign(payload, signer.keys().getPrivate()), Sigstore.annotations(signer, List.of(), null)));

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image,
                "a keyless signature has no Rekor bundle (dev.sigstore.cosign/bundle): offline verification needs it"));
    }

    @Test
    @DisplayName("refuses a keyless signature over another image, and a key signature without a certificate")
    void otherImageAndNoCertificate() {
        Image image = image("other-image");
        Image elsewhere = image("other-image-2");
        Sigstore.Signer signer = release();
        byte[] payload = payload(elsewhere.digest());
        String signature = Sigstore.sign(payload, signer.keys().getPrivate());
        push(image, new Cosign.Layer(payload, signature, Sigstore.annotations(signer, List.of(),
                Sigstore.bundle(Sigstore.hashedRekord(signature, payload, signer.certificate()), LOGGED, 9, rekor))));
        Image byKey = image("key-only");
        push(byKey, Cosign.signed(payload(byKey.digest()), key.getPrivate()));

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "a valid signature, but of another image (" + elsewhere.digest().shortForm() + ")"));
        assertThat(verify(byKey, RELEASE)).isEqualTo(refused(byKey,
                "a signature has no certificate (dev.sigstore.cosign/certificate): it is not a keyless signature"));
    }

    @Test
    @DisplayName("a Fulcio root that is not a certificate is named in the refusal")
    void unusableRoot() {
        Image image = image("bad-root");
        sign(image, release(), List.of(), LOGGED, rekor);
        Gates.Keyless broken = new Gates.Keyless(List.of(new Gates.Identity(ISSUER, EMAIL)), "file:" + work.resolve("not-a-certificate.pem"),
                "file:" + work.resolve("rekor.pub"));

        assertThat(verify(image, broken)).isEqualTo(refused(image, "cannot be used: the Fulcio root file:" + work.resolve("not-a-certificate.pem")
                + " is not a PEM certificate"));
    }
}
