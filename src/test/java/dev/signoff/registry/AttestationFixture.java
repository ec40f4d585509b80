package dev.signoff.registry;

import java.security.PrivateKey;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageAttestations.Verdict;
import dev.signoff.registry.TestImages.Image;

/**
 * What the attestation gate's tests share besides the {@linkplain KeyedRegistry registry and keys}:
 * the gate, and attestations made here with JDK crypto in cosign's format: in-toto statements in
 * DSSE envelopes, in the {@code .att} manifest or as referrers.
 */
abstract class AttestationFixture extends KeyedRegistry {
    static final String APPROVAL = "https://signoff.dev/attestations/approval/v1";
    static final String SLSA = "https://slsa.dev/provenance/v1";
    static final String IN_TOTO = "application/vnd.in-toto+json";
    static final String V1 = "https://in-toto.io/Statement/v1";
    static final String V01 = "https://in-toto.io/Statement/v0.1";

    static AttestationGate gate;

    @BeforeAll
    static void start() {
        gate = new AttestationGate(client);
    }

    /** Signoff's approval predicate for {@code stage}, as far as the gate reads it. */
    static String approval(String stage) {
        return "{\"app\":\"shop\",\"stage\":\"" + stage + "\",\"promotion\":\"p-1\",\"approvers\":[{\"name\":\"bob\",\"at\":\"2026-12-04T09:01:00Z\"}]}";
    }

    /** An envelope of an in-toto v1 statement about {@code subject}, signed by {@code key}. */
    static byte[] envelope(Digest subject, String predicateType, String predicate, PrivateKey key) {
        return Cosign.envelope(IN_TOTO, Cosign.statement(V1, subject, predicateType, predicate), key);
    }

    /** Writes the envelopes as the image's {@code .att} manifest. */
    static void attach(Image image, byte[]... envelopes) {
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".att"), Cosign.attestations(List.of(envelopes)));
    }

    /** The gate {@code predicateType} with the predicate fields, signed with one of {@code keys}. */
    static Gates.Attestation needs(String predicateType, Map<String, String> predicate, String... keys) {
        return new Gates.Attestation(predicateType, List.of(keys), predicate);
    }

    static Verdict verify(Image image, Gates.Attestation needs) {
        return gate.verify(ImageRef.parse("trusted/shop@" + image.digest()), needs);
    }

    /** The start of every refusal of an approval for the stage test. */
    static String refusal(Image image) {
        return "no attestation of " + image.digest().shortForm() + " counts: the stage needs " + APPROVAL + " with stage 'test', signed with one of its keys. ";
    }

    /** "Attestation sha256:… (in the .att tag)": how a refusal names an envelope. */
    static String inAtt(byte[] envelope) {
        return "Attestation " + Digest.sha256Of(envelope).shortForm() + " (in the .att tag)";
    }
}
