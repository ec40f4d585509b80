package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;
import dev.signoff.registry.TestImages.Image;

/**
 * The signature gate over Sigstore bundles as cosign 3 pushes them (OCI 1.1 referrers, listed here
 * by the referrers tag schema: docker-registry has no referrers API), made with JDK crypto and the
 * throw-away Fulcio and Rekor of {@link KeylessFixture}: with a key, keyless with an inclusion
 * promise or an inclusion proof, and a message signature; and each refusal with its sentence.
 */
@DisplayName("The signature gate reads Sigstore bundles (cosign 3)")
class BundleSignaturesTest extends KeylessFixture {
    static String cosignPub() {
        return "file:" + work.resolve("cosign.pub");
    }

    /** Pushes the bundles as referrers of the image and lists them under its referrers tag; answers the label each refusal starts with. */
    static List<String> attach(Image image, byte[]... bundles) {
        List<Cosign.Artifact> referrers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (byte[] bundle : bundles) {
            Cosign.Artifact referrer = Bundles.referrer(image.digest(), MediaTypes.OCI_MANIFEST, image.top().length, bundle);
            Cosign.push(registry, "shop", referrer.digest().toString(), referrer);
            referrers.add(referrer);
            labels.add("Bundle " + Digest.sha256Of(bundle).shortForm() + " (referrer " + referrer.digest().shortForm() + ")");
        }
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ""), Cosign.referrersIndex(referrers));
        return labels;
    }

    /** A keyless sign/v1 bundle of {@code image} by {@code signer}, its entry's SET signed by {@code set}, its proof's checkpoint by {@code proof}. */
    static byte[] keylessBundle(Image image, Sigstore.Signer signer, java.time.Instant logged, KeyPair set, KeyPair proof) {
        byte[] envelope = Bundles.envelope(Bundles.signStatement(image.digest()), signer.keys().getPrivate());
        return Bundles.keyless(envelope, signer.certificate(), Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), logged, set, proof));
    }

    static Verdict refusedBy(Image image, String stage, String label, String reason) {
        return new Verdict(false, "no signature of " + image.digest().shortForm() + " verifies with the stage's " + stage + ". " + label + ": " + reason + ".");
    }

    static String rekorKey() {
        return "the Rekor key " + Keys.fingerprint(rekor.getPublic()) + " (file:" + work.resolve("rekor.pub") + ")";
    }

    @Test
    @DisplayName("a bundle signed with one of the keys counts, with no .sig tag at all, and the card names the key")
    void withKey() {
        Image image = image("bundle-key");
        attach(image, Bundles.withKey(Bundles.envelope(Bundles.signStatement(image.digest()), key.getPrivate()), key.getPublic()));

        assertThat(verify(image, null, cosignPub())).isEqualTo(new Verdict(true, "signed (key " + Keys.fingerprint(key.getPublic()) + ")"));
    }

    @Test
    @DisplayName("a keyless bundle with an inclusion promise counts, and the card says who signed")
    void keyless() {
        Image image = image("bundle-keyless");
        attach(image, keylessBundle(image, release(), LOGGED, rekor, null));

        assertThat(verify(image, RELEASE)).isEqualTo(new Verdict(true, "signed (keyless: " + EMAIL + " via " + ISSUER + ")"));
    }

    @Test
    @DisplayName("a v0.2 bundle counts too, its certificate issued by an intermediate its x509CertificateChain carries")
    void version02WithChain() {
        Image image = image("bundle-v02");
        Sigstore.Signer signer = Sigstore.leaf(intermediate, WORKFLOW, ACTIONS, ISSUED, false);
        byte[] envelope = Bundles.envelope(Bundles.signStatement(image.digest()), signer.keys().getPrivate());
        attach(image, Bundles.keylessV02(envelope, List.of(signer.certificate(), intermediate.certificate()),
                Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), LOGGED, rekor, null)));

        assertThat(verify(image, trust(new dev.signoff.promotion.Gates.Identity(ACTIONS, WORKFLOW))).text())
                .isEqualTo("signed (keyless: " + WORKFLOW + " via " + ACTIONS + ")");
    }

    @Test
    @DisplayName("a keyless bundle whose entry has only an inclusion proof counts when its checkpoint is the Rekor key's and the proof leads to its root")
    void inclusionProofOnly() {
        Image image = image("bundle-proof");
        attach(image, keylessBundle(image, release(), LOGGED, null, rekor));

        assertThat(verify(image, RELEASE).text()).isEqualTo("signed (keyless: " + EMAIL + " via " + ISSUER + ")");
    }

    @Test
    @DisplayName("a message signature of the image's manifest counts; one of another blob (cosign sign-blob) is refused")
    void messageSignatures() {
        Image image = image("bundle-message");
        Sigstore.Signer signer = release();
        String signature = Sigstore.sign(image.top(), signer.keys().getPrivate());
        String body = Sigstore.hashedRekord(signature, image.top(), signer.certificate());
        attach(image, Bundles.message(Bundles.sha256(image.top()), signature, signer.certificate(), Bundles.entry(body, LOGGED, rekor, null)));
        assertThat(verify(image, RELEASE).text()).isEqualTo("signed (keyless: " + EMAIL + " via " + ISSUER + ")");

        Image other = image("bundle-blob");
        byte[] blob = "release-notes.txt".getBytes(StandardCharsets.UTF_8);
        String blobSignature = Sigstore.sign(blob, signer.keys().getPrivate());
        String label = attach(other, Bundles.message(Bundles.sha256(blob), blobSignature, signer.certificate(),
                Bundles.entry(Sigstore.hashedRekord(blobSignature, blob, signer.certificate()), LOGGED, rekor, null))).getFirst();
        assertThat(verify(other, RELEASE)).isEqualTo(refusedBy(other, "identities", label, "it is a message signature (as cosign sign-blob writes for a file)"
                + " of a blob with digest " + Digest.sha256Of(blob).shortForm() + ", not of this image; cosign signs an image with a DSSE statement of type "
                + Bundles.SIGN));
    }

    @Test
    @DisplayName("refuses a bundle whose payload was changed after signing, or signed with another key")
    void tamperedOrOtherKey() {
        Image image = image("bundle-tampered");
        byte[] envelope = Bundles.envelope(Bundles.signStatement(image.digest()), key.getPrivate());
        ObjectNode changed = (ObjectNode) JsonMapper.shared().readTree(envelope);
        changed.put("payload", Base64.getEncoder().encodeToString(Cosign.statement(DsseEnvelopes.STATEMENT_V1, image.digest(), Bundles.SIGN,
                "{\"changed\":true}")));
        byte[] byOther = Bundles.envelope(Bundles.signStatement(image.digest()), otherRekor.getPrivate());
        List<String> labels = attach(image, Bundles.withKey(JsonMapper.shared().writeValueAsBytes(changed), key.getPublic()),
                Bundles.withKey(byOther, otherRekor.getPublic()));
        String reason = "no signature of the attestation verifies with key " + Keys.fingerprint(key.getPublic()) + " (" + cosignPub()
                + "): another key made it, or its payload was changed after signing";

        assertThat(verify(image, null, cosignPub())).isEqualTo(new Verdict(false, "no signature of " + image.digest().shortForm()
                + " verifies with the stage's keys. " + labels.get(0) + ": " + reason + ". " + labels.get(1) + ": " + reason + "."));
    }

    @Test
    @DisplayName("refuses a valid bundle of another image")
    void anotherDigest() {
        Image image = image("bundle-other-digest");
        Digest other = Digest.sha256Of("another image");
        String label = attach(image, Bundles.withKey(Bundles.envelope(Bundles.signStatement(other), key.getPrivate()), key.getPublic())).getFirst();

        assertThat(verify(image, null, cosignPub())).isEqualTo(refusedBy(image, "keys", label,
                "a valid attestation, but about another image (" + other.shortForm() + "), not " + image.digest().shortForm()));
    }

    @Test
    @DisplayName("refuses a keyless bundle by another signer")
    void identityMismatch() {
        Image image = image("bundle-mallory");
        String label = attach(image, keylessBundle(image, Sigstore.leaf(fulcio, "mallory@example.com", ISSUER, ISSUED, false), LOGGED, rekor, null)).getFirst();

        assertThat(verify(image, RELEASE)).isEqualTo(refusedBy(image, "identities", label, "the certificate is for mallory@example.com, not " + EMAIL));
    }

    @Test
    @DisplayName("refuses a certificate that had expired when the entry was logged")
    void expiredAtIntegratedTime() {
        Image image = image("bundle-expired");
        String label = attach(image, keylessBundle(image, release(), ISSUED.plusSeconds(900), rekor, null)).getFirst();

        assertThat(verify(image, RELEASE)).isEqualTo(refusedBy(image, "identities", label, "the certificate for " + EMAIL + " expired at "
                + ISSUED.plusSeconds(600) + ", before the signature was logged at " + ISSUED.plusSeconds(900)));
    }

    @Test
    @DisplayName("refuses an inclusion promise (SET) of another Rekor, a checkpoint of another Rekor, and a proof that does not lead to the root")
    void badLogEntries() {
        Image image = image("bundle-bad-set");
        byte[] proofBundle = keylessBundle(image, release(), LOGGED, null, rekor);
        ObjectNode tampered = (ObjectNode) JsonMapper.shared().readTree(proofBundle);
        ArrayNode hashes = (ArrayNode) tampered.path("verificationMaterial").path("tlogEntries").path(0).path("inclusionProof").path("hashes");
        hashes.set(0, Base64.getEncoder().encodeToString(Bundles.sha256(new byte[] {1})));
        List<String> labels = attach(image, keylessBundle(image, release(), LOGGED, otherRekor, null), keylessBundle(image, release(), LOGGED, null, otherRekor),
                JsonMapper.shared().writeValueAsBytes(tampered));
        String none = "no transparency log entry of the bundle is vouched for by " + rekorKey() + ": log index 7: ";

        assertThat(verify(image, RELEASE).text()).isEqualTo("no signature of " + image.digest().shortForm() + " verifies with the stage's identities. "
                + labels.get(0) + ": " + none + "its inclusion promise (SET) was not signed by this Rekor key. "
                + labels.get(1) + ": " + none + "its checkpoint was not signed by this Rekor key. "
                + labels.get(2) + ": " + none + "its inclusion proof does not lead from the entry to the checkpoint's root hash.");
    }

    @Test
    @DisplayName("refuses a bundle without log entries, and one whose entry records another envelope")
    void entryMissingOrForAnother() {
        Image image = image("bundle-no-entry");
        Sigstore.Signer signer = release();
        byte[] envelope = Bundles.envelope(Bundles.signStatement(image.digest()), signer.keys().getPrivate());
        byte[] another = Bundles.envelope(Bundles.signStatement(Digest.sha256Of("another")), signer.keys().getPrivate());
        byte[] payload = Bundles.signStatement(image.digest());
        byte[] anotherPayload = Bundles.signStatement(Digest.sha256Of("another"));
        List<String> labels = attach(image, Bundles.keyless(envelope, signer.certificate()),
                Bundles.keyless(envelope, signer.certificate(), Bundles.entry(Bundles.dsseBody(another, signer.certificate()), LOGGED, rekor, null)));

        assertThat(verify(image, RELEASE).text()).isEqualTo("no signature of " + image.digest().shortForm() + " verifies with the stage's identities. "
                + labels.get(0) + ": the bundle has no transparency log entry: offline verification needs one. "
                + labels.get(1) + ": the transparency log entry records another payload (sha256:" + hex12(anotherPayload) + "), not this one (sha256:"
                + hex12(payload) + ").");
    }

    @Test
    @DisplayName("refuses a valid attestation bundle as a signature, and a keyless bundle at a stage with keys only")
    void attestationIsNoSignature() {
        Image image = image("bundle-attestation");
        Sigstore.Signer signer = release();
        byte[] envelope = Bundles.envelope(Cosign.statement(DsseEnvelopes.STATEMENT_V1, image.digest(), "https://slsa.dev/provenance/v1", "{}"),
                signer.keys().getPrivate());
        String label = attach(image, Bundles.keyless(envelope, signer.certificate(),
                Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), LOGGED, rekor, null))).getFirst();

        assertThat(verify(image, RELEASE)).isEqualTo(refusedBy(image, "identities", label, "a valid bundle of this image by keyless: " + EMAIL + " via "
                + ISSUER + ", but an attestation of predicate type 'https://slsa.dev/provenance/v1', not a signature (" + Bundles.SIGN + ")"));
        assertThat(verify(image, null, cosignPub())).isEqualTo(refusedBy(image, "keys", label, "no signature of the attestation verifies with key "
                + Keys.fingerprint(key.getPublic()) + " (" + cosignPub() + "): another key made it, or its payload was changed after signing;"
                + " it is signed keyless (with a certificate), and the stage has no usable identities"));
    }

    @Test
    @DisplayName("with neither a .sig tag nor a bundle, says that both are missing")
    void nothing() {
        Image image = image("bundle-none");

        assertThat(verify(image, RELEASE)).isEqualTo(new Verdict(false, image.digest().shortForm() + " has no cosign signature (no tag "
                + Cosign.tag(image.digest(), ".sig") + " and no Sigstore bundle among the referrers of the image in registry keyless ("
                + registry.host() + "), repository shop)"));
    }

    private static String hex12(byte[] payload) {
        return Digest.sha256Of(payload).hex().substring(0, 12);
    }
}
