package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.Attestations;
import dev.signoff.promotion.spi.ImageAttestations.Verdict;
import dev.signoff.registry.TestImages.Image;

/**
 * The attestation gate against a real docker-registry: attestations made with JDK crypto in
 * cosign's format (ECDSA P-256, Ed25519 and RSA keys; in the {@code .att} manifest and as OCI 1.1
 * referrers listed by the referrers tag schema), Signoff's own approval attestation, and
 * attestations made by the real cosign.
 */
@DisplayName("The attestation gate admits")
class AttestationGateTest extends AttestationFixture {
    static final Map<String, String> TEST = Map.of("stage", "test");

    @Test
    @DisplayName("an approval for the stage signed with an ECDSA P-256, Ed25519 or RSA key, naming the key on the card")
    void eachKeyType() {
        Image byEc = unsigned("ec");
        attach(byEc, envelope(byEc.digest(), APPROVAL, approval("test"), ec.getPrivate()));
        Image byEd = unsigned("ed");
        attach(byEd, envelope(byEd.digest(), APPROVAL, approval("test"), ed.getPrivate()));
        Image byRsa = unsigned("rsa");
        attach(byRsa, envelope(byRsa.digest(), APPROVAL, approval("test"), rsa.getPrivate()));

        assertThat(verify(byEc, needs(APPROVAL, TEST, key("ec"))))
                .isEqualTo(new Verdict(true, "attested: approval/v1 by key " + Keys.fingerprint(ec.getPublic()) + " (stage test)"));
        assertThat(verify(byEd, needs(APPROVAL, TEST, key("ed"))).text()).isEqualTo("attested: approval/v1 by key " + Keys.fingerprint(ed.getPublic()) + " (stage test)");
        assertThat(verify(byRsa, needs(APPROVAL, Map.of(), "env:RSA_KEY")).text()).isEqualTo("attested: approval/v1 by key " + Keys.fingerprint(rsa.getPublic()));
    }

    @Test
    @DisplayName("one attestation that counts among others that do not, with one of several keys")
    void oneOfMany() {
        Image image = unsigned("many");
        attach(image, envelope(image.digest(), APPROVAL, approval("test"), other.getPrivate()), envelope(image.digest(), APPROVAL, approval("dev"), ec.getPrivate()),
                envelope(image.digest(), SLSA, "{\"buildDefinition\":{}}", ec.getPrivate()), envelope(image.digest(), APPROVAL, approval("test"), ec.getPrivate()));

        assertThat(verify(image, needs(APPROVAL, TEST, "env:UNSET", key("ed"), key("ec"))).text())
                .isEqualTo("attested: approval/v1 by key " + Keys.fingerprint(ec.getPublic()) + " (stage test)");
    }

    @Test
    @DisplayName("a statement of in-toto v0.1, as cosign wrote for years")
    void statementV01() {
        Image image = unsigned("v01");
        attach(image, Cosign.envelope(IN_TOTO, Cosign.statement(V01, image.digest(), SLSA, "{\"buildType\":\"https://github.com/actions\"}"), ec.getPrivate()));

        assertThat(verify(image, needs(SLSA, Map.of("buildType", "https://github.com/actions"), key("ec"))))
                .isEqualTo(new Verdict(true, "attested: provenance/v1 by key " + Keys.fingerprint(ec.getPublic()) + " (buildType https://github.com/actions)"));
    }

    @Test
    @DisplayName("an attestation that is an OCI 1.1 referrer of the image (no .att tag), beside an SBOM referrer")
    void asAReferrer() {
        Image image = unsigned("referred");
        byte[] envelope = envelope(image.digest(), SLSA, "{\"buildDefinition\":{\"buildType\":\"https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1\"}}",
                ed.getPrivate());
        Cosign.Artifact referrer = Cosign.attestationReferrer(image.digest(), MediaTypes.OCI_MANIFEST, image.top().length, envelope);
        Cosign.Artifact sbom = Cosign.referrer(image.digest(), MediaTypes.OCI_MANIFEST, image.top().length, "application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}");
        Cosign.push(registry, "shop", sbom.digest().toString(), sbom);
        Cosign.push(registry, "shop", referrer.digest().toString(), referrer);
        Cosign.push(registry, "shop", Cosign.tag(image.digest(), ""), Cosign.referrersIndex(List.of(sbom, referrer)));

        assertThat(verify(image, needs(SLSA, Map.of(), key("ed"))).text()).isEqualTo("attested: provenance/v1 by key " + Keys.fingerprint(ed.getPublic()));
        assertThat(verify(image, needs(SLSA, Map.of(), key("ec"))).text()).contains("Attestation " + Digest.sha256Of(envelope).shortForm()
                + " (referrer " + referrer.digest().shortForm() + "): no signature of the attestation verifies with " + describe("ec", ec));
    }

    @Test
    @DisplayName("Signoff's own approval attestation, written by the attest step with signoff.attestations.key, for the stage it names")
    void signoffsOwn() throws Exception {
        Files.writeString(work.resolve("signoff.key"), Cosign.pem(ec.getPrivate()));
        CosignAttestations attestations = new CosignAttestations(client, RegistryFixtures.pipelines(RegistryFixtures.named("trusted", registry, null)),
                "file:" + work.resolve("signoff.key"));
        Image image = unsigned("approved");
        Instant asked = Instant.parse("2026-12-04T09:00:00Z");
        attestations.attest(new Attestations.Approval(ImageRef.parse("trusted/shop:test").withDigest(image.digest()), "shop", "test", "p-7", "alice", asked,
                List.of(new Attestations.Approver("carol", asked.plusSeconds(60))), 1, List.of("carol"), false, List.of()));

        assertThat(verify(image, needs(APPROVAL, Map.of("stage", "test", "app", "shop"), key("ec"))).attested()).isTrue();
        assertThat(verify(image, needs(APPROVAL, Map.of("stage", "prod"), key("ec"))).text()).endsWith(": a valid attestation of this image by "
                + describe("ec", ec) + ", but its predicate's stage is 'test', not 'prod'.");
    }

    @Test
    @DisplayName("an attestation made by the real cosign (a public test vector), and refuses it with another key or for another predicate type")
    void realCosign() throws Exception {
        Path vector = Path.of(getClass().getResource("/cosign").toURI());
        Digest pause = Digest.parse("sha256:b31bfb4d0213f254d361e0079deaaebefa4f82ba7aa76ef82e90b4935ad5b105");
        byte[] envelope = Files.readAllBytes(vector.resolve("kyverno-attestation/envelope-1.json"));
        Cosign.push(registry, "vector", Cosign.tag(pause, ".att"), Cosign.attestations(List.of(envelope)));
        ImageRef image = ImageRef.parse("trusted/vector@" + pause);
        String cosignKey = "file:" + vector.resolve("kyverno-attestation/cosign.pub");
        String review = "https://example.com/CodeReview/v1";

        Verdict admitted = gate.verify(image, needs(review, Map.of("author", "mailto:alice@example.com"), cosignKey));
        Verdict otherKey = gate.verify(image, needs(review, Map.of(), "file:" + vector.resolve("containers-image/cosign2.pub")));
        Verdict otherType = gate.verify(image, needs(SLSA, Map.of(), cosignKey));

        assertThat(admitted.text()).startsWith("attested: CodeReview/v1 by key sha256:").endsWith(" (author mailto:alice@example.com)");
        assertThat(otherKey.text()).endsWith("(in the .att tag): no signature of the attestation verifies with key "
                + Keys.publicKey("file:" + vector.resolve("containers-image/cosign2.pub"), Map.of()).fingerprint() + " (file:"
                + vector.resolve("containers-image/cosign2.pub") + "): another key made it, or its payload was changed after signing.");
        assertThat(otherType.text()).contains("but of predicate type '" + review + "', not " + SLSA + ".");
    }
}
