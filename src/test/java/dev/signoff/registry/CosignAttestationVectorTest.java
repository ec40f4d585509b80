package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.signoff.promotion.Digest;

/**
 * Attestations made by the real cosign ({@code cosign attest --key}, replayed by Kyverno's tests;
 * see src/test/resources/cosign/kyverno-attestation/README.md) checked by {@link DsseEnvelopes}:
 * each verifies with the key that made it, and is refused with another key, with its payload
 * changed, and for another image, each with its own sentence.
 */
@DisplayName("Attestations made by the real cosign")
class CosignAttestationVectorTest {
    private static final Digest PAUSE2 = Digest.parse("sha256:b31bfb4d0213f254d361e0079deaaebefa4f82ba7aa76ef82e90b4935ad5b105");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"envelope-1.json", "envelope-2.json", "envelope-3.json"})
    @DisplayName("verifies with the key that made it and says what it attests")
    void verifies(String file) throws Exception {
        DsseEnvelopes.Statement statement = DsseEnvelopes.verify(read(file), List.of(key("kyverno-attestation/cosign.pub")), PAUSE2).statement();

        assertThat(statement.subjects()).containsExactly(PAUSE2);
        assertThat(statement.predicateType()).isIn("https://example.com/CodeReview/v1", "cosign.sigstore.dev/attestation/v1");
        if (statement.predicateType().equals("https://example.com/CodeReview/v1")) {
            assertThat(statement.predicate().path("repo").path("branch").asString()).isEqualTo("main");
            assertThat(statement.predicate().path("reviewers").get(0).asString()).isEqualTo("mailto:bob@example.com");
        } else {
            assertThat(statement.predicate().path("Data").asString()).isEqualTo("hello!\n");
        }
    }

    @Test
    @DisplayName("another key: refused")
    void otherKey() throws Exception {
        Keys.Verifier other = key("containers-image/cosign2.pub");

        assertThatThrownBy(() -> DsseEnvelopes.verify(read("envelope-1.json"), List.of(other), PAUSE2))
                .hasMessage("no signature of the attestation verifies with " + other.describe()
                        + ": another key made it, or its payload was changed after signing");
    }

    @Test
    @DisplayName("its payload changed (the branch 'main' made 'prod'): refused")
    void tamperedPayload() throws Exception {
        String envelope = new String(read("envelope-1.json"), StandardCharsets.UTF_8);
        String payload = envelope.replaceAll("(?s).*\"payload\":\"([^\"]+)\".*", "$1");
        String statement = new String(Base64.getDecoder().decode(payload), StandardCharsets.UTF_8);
        assertThat(statement).contains("\"branch\":\"main\"");
        String changed = Base64.getEncoder().encodeToString(statement.replace("\"branch\":\"main\"", "\"branch\":\"prod\"").getBytes(StandardCharsets.UTF_8));
        Keys.Verifier key = key("kyverno-attestation/cosign.pub");

        assertThatThrownBy(() -> DsseEnvelopes.verify(envelope.replace(payload, changed).getBytes(StandardCharsets.UTF_8), List.of(key), PAUSE2))
                .hasMessageStartingWith("no signature of the attestation verifies with " + key.describe());
    }

    @Test
    @DisplayName("a valid attestation of another image: refused")
    void anotherImage() throws Exception {
        Digest other = Digest.sha256Of("another image");

        assertThatThrownBy(() -> DsseEnvelopes.verify(read("envelope-2.json"), List.of(key("kyverno-attestation/cosign.pub")), other))
                .hasMessage("a valid attestation, but about another image (" + PAUSE2.shortForm() + "), not " + other.shortForm());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not json", "{\"payload\":\"e30=\"}"})
    @DisplayName("what is not a DSSE envelope: refused")
    void notAnEnvelope(String text) throws Exception {
        Keys.Verifier key = key("kyverno-attestation/cosign.pub");

        assertThatThrownBy(() -> DsseEnvelopes.verify(text.getBytes(StandardCharsets.UTF_8), List.of(key), PAUSE2))
                .hasMessage(text.startsWith("{") ? "the attestation is not a DSSE envelope (payloadType, payload and signatures)" : "the attestation is not JSON");
    }

    @Test
    @DisplayName("an envelope Signoff signs verifies the same way")
    void signoffsOwn() {
        java.security.KeyPair pair = Cosign.keyPair("EC");
        Digest image = Digest.sha256Of("shop");
        byte[] statement = ("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"shop\",\"digest\":{\"sha256\":\"" + image.hex()
                + "\"}}],\"predicateType\":\"https://signoff.dev/attestations/approval/v1\",\"predicate\":{\"stage\":\"prod\"}}").getBytes(StandardCharsets.UTF_8);

        DsseEnvelopes.Statement verified = DsseEnvelopes.verify(CosignAttestations.envelope(statement, pair.getPrivate()),
                List.of(new Keys.Verifier("test", pair.getPublic(), Keys.fingerprint(pair.getPublic()))), image).statement();

        assertThat(verified.predicateType()).isEqualTo("https://signoff.dev/attestations/approval/v1");
        assertThat(verified.predicate().path("stage").asString()).isEqualTo("prod");
    }

    private byte[] read(String file) throws Exception {
        return Files.readAllBytes(folder().resolve("kyverno-attestation").resolve(file));
    }

    private Keys.Verifier key(String file) throws Exception {
        return Keys.publicKey("file:" + folder().resolve(file), Map.of());
    }

    private Path folder() throws Exception {
        return Path.of(getClass().getResource("/cosign").toURI());
    }
}
