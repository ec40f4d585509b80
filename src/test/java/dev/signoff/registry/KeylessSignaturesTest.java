package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;
import dev.signoff.registry.TestImages.Image;

/**
 * Keyless signatures against a real docker-registry: Fulcio-style certificates from a throw-away
 * CA and Rekor bundles signed by a throw-away Rekor key, in cosign's layer annotations, checked
 * offline at the time the bundle says the signature was logged: the certificate, its chain and its
 * identity (the bundle's own refusals are in {@link RekorBundleRefusalsTest}).
 */
@DisplayName("The signature gate checks keyless signatures offline")
class KeylessSignaturesTest extends KeylessFixture {
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
    @DisplayName("an identity pattern must match the whole subject: the card shows who signed and the pattern, a refusal shows the pattern")
    void patterns() {
        Image image = image("pattern");
        sign(image, Sigstore.leaf(fulcio, WORKFLOW, ACTIONS, ISSUED, false), List.of(), LOGGED, rekor);
        Gates.Identity main = new Gates.Identity(null, null, "https://token\\.actions\\.githubusercontent\\.com", "https://github\\.com/acme/.+@refs/heads/main");
        Gates.Identity tags = new Gates.Identity(ACTIONS, null, null, "https://github\\.com/acme/shop/.+@refs/tags/v.*");
        Gates.Identity partial = new Gates.Identity(ACTIONS, null, null, "acme/shop");

        assertThat(verify(image, trust(main)).text()).isEqualTo("signed (keyless: " + WORKFLOW + " via " + ACTIONS + ", a match of subjectRegExp"
                + " 'https://github\\.com/acme/.+@refs/heads/main' via a match of issuerRegExp 'https://token\\.actions\\.githubusercontent\\.com')");
        assertThat(verify(image, trust(tags, partial)).text()).isEqualTo("no signature of " + image.digest().shortForm() + " verifies with the stage's"
                + " identities. identities " + tags + ", " + partial + ": the certificate is for " + WORKFLOW + ", not a match of subjectRegExp"
                + " 'https://github\\.com/acme/shop/.+@refs/tags/v.*'; the certificate is for " + WORKFLOW + ", not a match of subjectRegExp 'acme/shop'.");
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
    @DisplayName("refuses a certificate that was not yet valid when the signature was logged")
    void notYetValid() {
        Image image = image("not-yet-valid");
        sign(image, release(), List.of(), ISSUED.minusSeconds(60), rekor);

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the certificate for " + EMAIL + " was not valid until 2026-03-01T10:00:00Z,"
                + " after the signature was logged at 2026-03-01T09:59:00Z"));
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
