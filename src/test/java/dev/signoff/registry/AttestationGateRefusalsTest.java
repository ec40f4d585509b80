package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.ImageAttestations.Verdict;
import dev.signoff.registry.TestImages.Image;

/**
 * Each way an attestation can fail the gate, against a real docker-registry (and a layout
 * directory for a change on disk), and the sentence the refusal gives for it: one per attestation,
 * and one per key that cannot be used.
 */
@DisplayName("The attestation gate refuses")
class AttestationGateRefusalsTest extends AttestationFixture {
    static final Map<String, String> TEST = Map.of("stage", "test");

    @Test
    @DisplayName("an image with no attestation at all")
    void none() {
        Image image = unsigned("none");

        assertThat(verify(image, needs(APPROVAL, TEST, key("ec")))).isEqualTo(new Verdict(false, image.digest().shortForm()
                + " has no attestation (no DSSE envelope in the tag " + Cosign.tag(image.digest(), ".att")
                + ", and no DSSE envelope or Sigstore bundle among the referrers of the image in registry trusted ("
                + registry.host() + "), repository shop)."));
    }

    @Test
    @DisplayName("an attestation signed with another key")
    void wrongKey() {
        Image image = unsigned("wrong-key");
        byte[] envelope = envelope(image.digest(), APPROVAL, approval("test"), other.getPrivate());
        attach(image, envelope);

        assertThat(verify(image, needs(APPROVAL, TEST, key("ec"), key("ed"))).text()).isEqualTo(refusal(image) + inAtt(envelope)
                + ": no signature of the attestation verifies with " + describe("ec", ec) + " or " + describe("ed", ed)
                + ": another key made it, or its payload was changed after signing.");
    }

    @Test
    @DisplayName("a valid attestation of another image")
    void anotherDigest() {
        Image attested = unsigned("really-attested");
        Image image = unsigned("borrowed");
        byte[] envelope = envelope(attested.digest(), APPROVAL, approval("test"), ec.getPrivate());
        attach(image, envelope);

        assertThat(verify(image, needs(APPROVAL, TEST, key("ec"))).text()).isEqualTo(refusal(image) + inAtt(envelope)
                + ": a valid attestation, but about another image (" + attested.digest().shortForm() + "), not " + image.digest().shortForm() + ".");
    }

    @Test
    @DisplayName("a valid attestation of another predicate type")
    void anotherPredicateType() {
        Image image = unsigned("provenance-only");
        byte[] envelope = envelope(image.digest(), SLSA, "{\"buildDefinition\":{}}", ec.getPrivate());
        attach(image, envelope);

        assertThat(verify(image, needs(APPROVAL, TEST, key("ec"))).text()).isEqualTo(refusal(image) + inAtt(envelope)
                + ": a valid attestation of this image by " + describe("ec", ec) + ", but of predicate type '" + SLSA + "', not " + APPROVAL + ".");
    }

    @Test
    @DisplayName("an approval for another stage, or without the field, or with a value that is not a string")
    void predicateFieldMismatch() {
        Image image = unsigned("approved-for-dev");
        byte[] dev = envelope(image.digest(), APPROVAL, approval("dev"), ec.getPrivate());
        byte[] none = envelope(image.digest(), APPROVAL, "{\"app\":\"shop\"}", ec.getPrivate());
        byte[] number = envelope(image.digest(), APPROVAL, "{\"stage\":7}", ec.getPrivate());
        attach(image, dev, none, number);

        String valid = ": a valid attestation of this image by " + describe("ec", ec) + ", but ";
        assertThat(verify(image, needs(APPROVAL, TEST, key("ec"))).text()).isEqualTo(refusal(image)
                + inAtt(dev) + valid + "its predicate's stage is 'dev', not 'test'. "
                + inAtt(none) + valid + "its predicate has no stage (the stage needs 'test'). "
                + inAtt(number) + valid + "its predicate's stage is 7, not 'test'.");
    }

    @Test
    @DisplayName("an attestation whose payload was changed after signing (the stage 'dev' made 'test')")
    void tamperedEnvelope() {
        Image image = unsigned("tampered-envelope");
        String envelope = new String(envelope(image.digest(), APPROVAL, approval("dev"), ec.getPrivate()), StandardCharsets.UTF_8);
        String payload = envelope.replaceAll("(?s).*\"payload\":\"([^\"]+)\".*", "$1");
        String changed = Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8)
                .replace("\"stage\":\"dev\"", "\"stage\":\"test\"").getBytes(StandardCharsets.UTF_8));
        byte[] tampered = envelope.replace(payload, changed).getBytes(StandardCharsets.UTF_8);
        attach(image, tampered);

        assertThat(verify(image, needs(APPROVAL, TEST, key("ec"))).text()).isEqualTo(refusal(image) + inAtt(tampered)
                + ": no signature of the attestation verifies with " + describe("ec", ec) + ": another key made it, or its payload was changed after signing.");
    }

    @Test
    @DisplayName("an attestation changed on disk after it was attached, in a layout carried across an air gap")
    void tamperedOnDisk() throws Exception {
        Image image = unsigned("tampered-on-disk");
        byte[] envelope = envelope(image.digest(), APPROVAL, approval("test"), ec.getPrivate());
        attach(image, envelope);
        client.copy(ImageRef.parse("trusted/shop@" + image.digest()), ImageRef.parse("carried/shop:tampered"), ProgressListener.NONE);
        ImageRef carried = ImageRef.parse("carried/shop@" + image.digest());
        assertThat(gate.verify(carried, needs(APPROVAL, TEST, key("ec"))).attested()).isTrue();

        Path blob = work.resolve("layouts/shop/blobs/sha256/" + Digest.sha256Of(envelope).hex());
        Files.write(blob, envelope(image.digest(), APPROVAL, approval("test"), other.getPrivate()));

        assertThat(gate.verify(carried, needs(APPROVAL, TEST, key("ec"))).text()).isEqualTo(refusal(image) + inAtt(envelope)
                + ": the attestation was changed after it was attached: its bytes have digest " + Digest.sha256Of(Files.readAllBytes(blob)).shortForm()
                + ", not the " + Digest.sha256Of(envelope).shortForm() + " its manifest lists.");
    }

    @Test
    @DisplayName("a signed payload of another type, or that is not an in-toto statement, or an envelope that is not one")
    void notAStatement() {
        Image image = unsigned("not-in-toto");
        byte[] text = Cosign.envelope("text/plain", Cosign.statement(V1, image.digest(), APPROVAL, approval("test")), ec.getPrivate());
        byte[] oldType = Cosign.envelope(IN_TOTO, Cosign.statement("https://in-toto.io/Statement/v0.0", image.digest(), APPROVAL, approval("test")), ec.getPrivate());
        byte[] garbage = "{\"payload\":\"e30=\"}".getBytes(StandardCharsets.UTF_8);
        attach(image, text, oldType, garbage);

        assertThat(verify(image, needs(APPROVAL, TEST, key("ec"))).text()).isEqualTo(refusal(image)
                + inAtt(text) + ": a valid signature, but of payload type 'text/plain', not application/vnd.in-toto+json. "
                + inAtt(oldType) + ": a valid signature, but the payload is not an in-toto statement v1 or v0.1 (_type 'https://in-toto.io/Statement/v0.0'). "
                + inAtt(garbage) + ": the attestation is not a DSSE envelope (payloadType, payload and signatures).");
    }

    @Test
    @DisplayName("with a key that cannot be used, says so in a sentence of its own; with no usable key, checks nothing")
    void unusableKeys() {
        Image image = unsigned("unusable-keys");
        byte[] envelope = envelope(image.digest(), APPROVAL, approval("test"), other.getPrivate());
        attach(image, envelope);

        assertThat(verify(image, needs(APPROVAL, TEST, "env:UNSET", key("ec"))).text()).isEqualTo(refusal(image) + inAtt(envelope)
                + ": no signature of the attestation verifies with " + describe("ec", ec) + ": another key made it, or its payload was changed after signing. "
                + "Key env:UNSET cannot be used: the environment variable UNSET is not set.");
        assertThat(verify(image, needs(APPROVAL, TEST, "file:/nonexistent/approvals.pub")).text()).isEqualTo(refusal(image)
                + "Key file:/nonexistent/approvals.pub cannot be used: the file cannot be read (NoSuchFileException).");
    }
}
