package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Digest;
import dev.signoff.registry.TestImages.Image;

/** Keyless signatures whose Rekor bundle does not hold: each refusal with its sentence. */
@DisplayName("The signature gate refuses keyless signatures without a matching Rekor bundle")
class RekorBundleRefusalsTest extends KeylessFixture {
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
    @DisplayName("refuses a bundle that records another certificate")
    void bundleForAnotherCertificate() {
        Image image = image("other-certificate");
        Sigstore.Signer signer = release();
        byte[] payload = payload(image.digest());
        String signature = Sigstore.sign(payload, signer.keys().getPrivate());
        String bundle = Sigstore.bundle(Sigstore.hashedRekord(signature, payload, release().certificate()), LOGGED, 10, rekor);
        push(image, new Cosign.Layer(payload, signature, Sigstore.annotations(signer, List.of(), bundle)));

        assertThat(verify(image, RELEASE)).isEqualTo(refused(image, "the Rekor bundle records another certificate, not the one beside the signature"));
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

}
