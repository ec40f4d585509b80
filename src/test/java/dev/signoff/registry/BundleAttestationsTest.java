package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageAttestations;
import dev.signoff.registry.TestImages.Image;

/**
 * The attestation gate over Sigstore bundles (cosign 3's {@code attest}, GitHub's artifact
 * attestations) as referrers in a real docker-registry: with a key, keyless by an identity or a
 * pattern, and each refusal with its sentence.
 */
@DisplayName("The attestation gate reads Sigstore bundles")
class BundleAttestationsTest extends KeylessFixture {
    static final String SLSA = "https://slsa.dev/provenance/v1";
    static final String PREDICATE = "{\"buildType\":\"https://actions.github.io/buildtypes/workflow/v1\"}";
    static AttestationGate gate;

    @BeforeAll
    static void gate() {
        gate = new AttestationGate(new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("keyless", registry, null)),
                RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE)));
    }

    static ImageAttestations.Verdict verify(Image image, Gates.Attestation needs) {
        return gate.verify(ImageRef.parse("keyless/shop@" + image.digest()), needs);
    }

    /** A keyless SLSA bundle of {@code image} by {@code signer}, logged with an inclusion promise. */
    static byte[] provenance(Image image, Sigstore.Signer signer, String predicate) {
        byte[] envelope = Bundles.envelope(Cosign.statement(DsseEnvelopes.STATEMENT_V1, image.digest(), SLSA, predicate), signer.keys().getPrivate());
        return Bundles.keyless(envelope, signer.certificate(), Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), LOGGED, rekor, null));
    }

    @Test
    @DisplayName("admits a bundle signed with one of the keys, and one signed keyless by a workflow matching subjectRegExp")
    void admits() {
        Image byKey = image("attested-by-key");
        BundleSignaturesTest.attach(byKey, Bundles.withKey(Bundles.envelope(Cosign.statement(DsseEnvelopes.STATEMENT_V1, byKey.digest(), SLSA, PREDICATE),
                key.getPrivate()), key.getPublic()));
        Image keyless = image("attested-keyless");
        BundleSignaturesTest.attach(keyless, provenance(keyless, Sigstore.leaf(fulcio, WORKFLOW, ACTIONS, ISSUED, false), PREDICATE));
        Gates.Identity workflows = new Gates.Identity(ACTIONS, null, null, "https://github\\.com/acme/[^/]+/\\.github/workflows/.+@refs/heads/main");
        Gates.Keyless trust = new Gates.Keyless(List.of(workflows), "file:" + work.resolve("fulcio.pem"), "file:" + work.resolve("rekor.pub"));

        assertThat(verify(byKey, new Gates.Attestation(SLSA, List.of(BundleSignaturesTest.cosignPub()), Map.of())).text())
                .isEqualTo("attested: provenance/v1 by key " + Keys.fingerprint(key.getPublic()));
        assertThat(verify(keyless, new Gates.Attestation(SLSA, List.of(), Map.of("buildType", "https://actions.github.io/buildtypes/workflow/v1"), trust)))
                .isEqualTo(new ImageAttestations.Verdict(true, "attested: provenance/v1 by keyless: " + WORKFLOW + " via " + ACTIONS + ", " + workflows
                        + " (buildType https://actions.github.io/buildtypes/workflow/v1)"));
    }

    @Test
    @DisplayName("refuses another signer, another predicate type, a DSSE envelope at a keyless-only gate, and a message signature")
    void refuses() {
        Image image = image("attested-refused");
        Sigstore.Signer signer = release();
        byte[] envelope = Bundles.envelope(Cosign.statement(DsseEnvelopes.STATEMENT_V1, image.digest(), "https://spdx.dev/Document", "{}"),
                signer.keys().getPrivate());
        String signature = Sigstore.sign(image.top(), signer.keys().getPrivate());
        List<String> labels = BundleSignaturesTest.attach(image, provenance(image, Sigstore.leaf(fulcio, "mallory@example.com", ISSUER, ISSUED, false), PREDICATE),
                Bundles.keyless(envelope, signer.certificate(), Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), LOGGED, rekor, null)),
                Bundles.message(Bundles.sha256(image.top()), signature, signer.certificate(),
                        Bundles.entry(Sigstore.hashedRekord(signature, image.top(), signer.certificate()), LOGGED, rekor, null)));
        byte[] att = Cosign.envelope(CosignAttestations.IN_TOTO, Cosign.statement(DsseEnvelopes.STATEMENT_V1, image.digest(), SLSA, PREDICATE), key.getPrivate());
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ".att"), Cosign.attestations(List.of(att)));

        assertThat(verify(image, new Gates.Attestation(SLSA, List.of(), Map.of(), RELEASE)).text()).isEqualTo("no attestation of "
                + image.digest().shortForm() + " counts: the stage needs " + SLSA + ", signed with one of its identities. "
                + "Attestation " + dev.signoff.promotion.Digest.sha256Of(att).shortForm() + " (in the .att tag): a DSSE envelope is checked with the gate's"
                + " keys, and it has none that can be used (keyless attestations are read from Sigstore bundles). "
                + labels.get(0) + ": the certificate is for mallory@example.com, not " + EMAIL + ". "
                + labels.get(1) + ": a valid attestation of this image by keyless: " + EMAIL + " via " + ISSUER + ", but of predicate type"
                + " 'https://spdx.dev/Document', not " + SLSA + ". "
                + labels.get(2) + ": a valid message signature of this image by keyless: " + EMAIL + " via " + ISSUER + ", not an attestation.");
    }
}
