package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.registry.Attachments.Kind;

@DisplayName("A referrer is counted by what its artifact type says it is")
class AttachmentKindTest {

    @Test
    @DisplayName("signatures, attestations, SBOMs, sigstore bundles by their predicate, and anything else")
    void kinds() {
        assertThat(Kind.ofType("application/vnd.cncf.notary.signature", null)).isEqualTo(Kind.SIGNATURE);
        assertThat(Kind.ofType("application/vnd.dev.cosign.simplesigning.v1+json", null)).isEqualTo(Kind.SIGNATURE);
        assertThat(Kind.ofType("application/spdx+json", null)).isEqualTo(Kind.SBOM);
        assertThat(Kind.ofType("application/vnd.cyclonedx+json", null)).isEqualTo(Kind.SBOM);
        assertThat(Kind.ofType("application/vnd.in-toto+json", null)).isEqualTo(Kind.ATTESTATION);
        assertThat(Kind.ofType("application/vnd.dev.sigstore.bundle.v0.3+json", "https://sigstore.dev/cosign/sign/v1")).isEqualTo(Kind.SIGNATURE);
        assertThat(Kind.ofType("application/vnd.dev.sigstore.bundle.v0.3+json", "https://slsa.dev/provenance/v1")).isEqualTo(Kind.ATTESTATION);
        assertThat(Kind.ofType("application/vnd.example.thing", null)).isEqualTo(Kind.REFERRER);
        assertThat(Kind.ofSuffix(".sbom")).isEqualTo(Kind.SBOM);
    }
}
