package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.registry.TestImages.Image;

/**
 * The signature gate against a real docker-registry (and a layout directory), with cosign
 * signatures made here with JDK crypto in cosign's format: ECDSA P-256, Ed25519 and RSA keys, and
 * each way a signature can fail to count.
 */
@DisplayName("The signature gate checks cosign signatures")
class CosignSignaturesTest extends KeyedRegistry {
    static CosignSignatures signatures;

    @BeforeAll
    static void start() {
        signatures = new CosignSignatures(client);
    }

    /** A new image in the registry, with the given signature layers as its .sig (none: unsigned). */
    static Image image(String tag, Cosign.Layer... layers) {
        Image image = unsigned(tag);
        if (layers.length > 0) {
            Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(layers)));
        }
        return image;
    }

    static byte[] payload(Digest digest) {
        return Cosign.payload(digest, registry.host() + "/shop");
    }

    static Verdict verify(Image image, String... keys) {
        return signatures.verify(ImageRef.parse("trusted/shop@" + image.digest()), List.of(keys), null);
    }

    @Test
    @DisplayName("accepts ECDSA P-256, Ed25519 and RSA signatures, and names the key that verified")
    void acceptsEachKeyType() {
        Image byEc = image("ec");
        Cosign.push(registry, "shop", Cosign.tag(byEc.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload(byEc.digest()), ec.getPrivate()))));
        Image byEd = image("ed");
        Cosign.push(registry, "shop", Cosign.tag(byEd.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload(byEd.digest()), ed.getPrivate()))));
        Image byRsa = image("rsa");
        Cosign.push(registry, "shop", Cosign.tag(byRsa.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload(byRsa.digest()), rsa.getPrivate()))));

        assertThat(verify(byEc, key("ec"))).isEqualTo(new Verdict(true, "signed (key " + Keys.fingerprint(ec.getPublic()) + ")"));
        assertThat(verify(byEd, key("ed"))).isEqualTo(new Verdict(true, "signed (key " + Keys.fingerprint(ed.getPublic()) + ")"));
        assertThat(verify(byRsa, "env:RSA_KEY")).isEqualTo(new Verdict(true, "signed (key " + Keys.fingerprint(rsa.getPublic()) + ")"));
    }

    @Test
    @DisplayName("one signature by one of the keys is enough, whatever else is there")
    void oneOfMany() {
        Image image = image("many");
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(
                Cosign.signed(payload(image.digest()), other.getPrivate()), Cosign.signed(payload(image.digest()), ec.getPrivate()))));

        assertThat(verify(image, "file:/nonexistent/cosign.pub", key("ed"), key("ec")).text()).isEqualTo("signed (key " + Keys.fingerprint(ec.getPublic()) + ")");
    }

    @Test
    @DisplayName("an unsigned image is refused: it has no signature tag and no Sigstore bundle")
    void unsigned() {
        Image image = image("unsigned");

        assertThat(verify(image, key("ec"))).isEqualTo(new Verdict(false, image.digest().shortForm() + " has no cosign signature (no tag "
                + Cosign.tag(image.digest(), ".sig") + " and no Sigstore bundle among the referrers of the image in registry trusted ("
                + registry.host() + "), repository shop)"));
    }

    @Test
    @DisplayName("a signature by another key is refused, naming each key tried")
    void wrongKey() {
        Image image = image("wrong-key");
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload(image.digest()), other.getPrivate()))));

        assertThat(verify(image, key("ec"), key("ed"), "file:/nonexistent/cosign.pub").text()).isEqualTo("no signature of " + image.digest().shortForm()
                + " verifies with the stage's keys. " + describe("ec", ec) + ": the signature was not made with this key. "
                + describe("ed", ed) + ": the signature was not made with this key. "
                + "key file:/nonexistent/cosign.pub: cannot be used: the file cannot be read (NoSuchFileException).");
    }

    @Test
    @DisplayName("a valid signature of another image is refused, naming the image it signs")
    void otherDigest() {
        Image signedOne = image("really-signed");
        Image image = image("borrowed");
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload(signedOne.digest()), ec.getPrivate()))));

        assertThat(verify(image, key("ec")).text()).isEqualTo("no signature of " + image.digest().shortForm() + " verifies with the stage's keys. "
                + describe("ec", ec) + ": a valid signature, but of another image (" + signedOne.digest().shortForm() + ").");
    }

    @Test
    @DisplayName("a valid signature whose payload is not a container image signature is refused")
    void otherType() {
        Image image = image("other-type");
        byte[] payload = new String(payload(image.digest()), StandardCharsets.UTF_8).replace("cosign container image signature", "release note")
                .getBytes(StandardCharsets.UTF_8);
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload, ec.getPrivate()))));

        assertThat(verify(image, key("ec")).text()).endsWith(describe("ec", ec)
                + ": a valid signature of this image, but of type 'release note', not 'cosign container image signature'.");
    }

    @Test
    @DisplayName("a payload changed after signing, in a layout carried across an air gap, is refused for what it is")
    void tamperedPayload() throws Exception {
        Image image = image("tampered");
        byte[] payload = payload(image.digest());
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".sig"), Cosign.signature(List.of(Cosign.signed(payload, ec.getPrivate()))));
        client.copy(ImageRef.parse("trusted/shop@" + image.digest()), ImageRef.parse("carried/shop:tampered"), ProgressListener.NONE);
        assertThat(signatures.verify(ImageRef.parse("carried/shop@" + image.digest()), List.of(key("ec")), null).signed()).isTrue();

        Digest payloadDigest = Digest.sha256Of(payload);
        Files.writeString(work.resolve("layouts/shop/blobs/sha256/" + payloadDigest.hex()),
                new String(payload, StandardCharsets.UTF_8).replace(registry.host() + "/shop", "evil.example.com/shop"));

        assertThat(signatures.verify(ImageRef.parse("carried/shop@" + image.digest()), List.of(key("ec")), null).text())
                .isEqualTo("no signature of " + image.digest().shortForm() + " verifies with the stage's keys. " + describe("ec", ec)
                        + ": the signed payload was changed after signing: its bytes have digest "
                        + Digest.sha256Of(Files.readAllBytes(work.resolve("layouts/shop/blobs/sha256/" + payloadDigest.hex()))).shortForm()
                        + ", not the " + payloadDigest.shortForm() + " the signature manifest lists.");
    }

    @Test
    @DisplayName("accepts a signature made by the real cosign (a public test vector), and refuses it with another key")
    void realCosignSignature() throws Exception {
        Path vector = Path.of(getClass().getResource("/cosign/containers-image").toURI());
        Digest digest = Digest.sha256Of(Files.readAllBytes(vector.resolve("manifest.json")));
        var signature = tools.jackson.databind.json.JsonMapper.shared().readTree(Files.readAllBytes(vector.resolve("signature.json")));
        byte[] payload = java.util.Base64.getDecoder().decode(signature.path("payload").asString());
        String annotation = signature.path("annotations").path(Cosign.SIGNATURE_ANNOTATION).asString();
        Cosign.push(registry, "vector", Cosign.tag(digest, ".sig"), Cosign.signature(List.of(new Cosign.Layer(payload, annotation))));
        ImageRef image = ImageRef.parse("trusted/vector@" + digest);

        assertThat(digest.toString()).isEqualTo("sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00");
        assertThat(signatures.verify(image, List.of("file:" + vector.resolve("cosign.pub")), null).text()).startsWith("signed (key sha256:");
        assertThat(signatures.verify(image, List.of("file:" + vector.resolve("cosign2.pub")), null).text())
                .endsWith("(file:" + vector.resolve("cosign2.pub") + "): the signature was not made with this key.");
    }
}
