package dev.signoff.registry;

import static dev.signoff.registry.TimestampedBundlesTest.EMAIL;
import static dev.signoff.registry.TimestampedBundlesTest.IMAGE;
import static dev.signoff.registry.TimestampedBundlesTest.ISSUED;
import static dev.signoff.registry.TimestampedBundlesTest.ISSUER;
import static dev.signoff.registry.TimestampedBundlesTest.SIGNED;
import static dev.signoff.registry.TimestampedBundlesTest.envelope;
import static dev.signoff.registry.TimestampedBundlesTest.signature;
import static dev.signoff.registry.TimestampedBundlesTest.signer;
import static dev.signoff.registry.TimestampedBundlesTest.stranger;
import static dev.signoff.registry.TimestampedBundlesTest.tsa;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Gates;

/**
 * Keyless bundles with RFC 3161 timestamps and no transparency log entry, as GitHub writes them for
 * private repositories, checked with a trusted root that lists no tlogs (as GitHub's) and with
 * one that does. The same throw-away Fulcio and TSA as {@link TimestampedBundlesTest}.
 */
@DisplayName("Keyless bundles vouched for by RFC 3161 timestamps alone (GitHub's private-repository attestations)")
class TimestampOnlyBundlesTest {
    /** GitHub's shape: certificate authorities and timestamp authorities, no tlogs. */
    static final String WITHOUT_TLOGS = TrustedRoots.json(List.of(TimestampedBundlesTest.authority()), List.of(), TimestampedBundlesTest.tsas(null));

    @Test
    @DisplayName("a bundle with a timestamp and no log entry counts with a root without tlogs; the card names the TSA")
    void accepted() {
        SigstoreBundles.Verified verified = TimestampedBundlesTest.verify(stamped(Timestamps.over(tsa, signature, SIGNED, false)), WITHOUT_TLOGS);

        assertThat(verified.statement().subjects()).containsExactly(IMAGE);
        assertThat(verified.signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + ISSUER + ", timestamped by tsa");
    }

    @Test
    @DisplayName("with a root that lists tlogs the same bundle is refused: that root requires a log entry")
    void rootWithTlogs() {
        assertThatThrownBy(() -> TimestampedBundlesTest.verify(stamped(Timestamps.over(tsa, signature, SIGNED, false)), TimestampedBundlesTest.root(null)))
                .hasMessage("the bundle has no transparency log entry, which the trusted root test-root requires: it lists transparency logs (tlogs),"
                        + " so an RFC 3161 timestamp alone does not count");
    }

    @Test
    @DisplayName("with the PEM trust a bundle without a log entry is refused as before")
    void pems() {
        SigstoreTrust pems = new SigstoreTrust.Pems(List.of(TimestampedBundlesTest.fulcio.certificate()),
                new Keys.Verifier("file:rekor.pub", TimestampedBundlesTest.log.getPublic(), "sha256:test"));
        KeylessSignatures.Trust trust = new KeylessSignatures.Trust(new Gates.Keyless(List.of(new Gates.Identity(ISSUER, EMAIL)), "file:fulcio.pem",
                "file:rekor.pub"), pems);

        assertThatThrownBy(() -> SigstoreBundles.verify(Bundles.keyless(envelope, signer.certificate()), List.of(), trust, IMAGE, () -> null))
                .hasMessage("the bundle has no transparency log entry: offline verification needs one");
    }

    @Test
    @DisplayName("a timestamp over other bytes, or from a TSA the root does not name, is refused")
    void badTimestamp() {
        assertThatThrownBy(() -> TimestampedBundlesTest.verify(stamped(Timestamps.over(tsa, "other bytes".getBytes(StandardCharsets.UTF_8), SIGNED, false)),
                WITHOUT_TLOGS))
                .hasMessage("RFC 3161 timestamp 1: it is over other bytes, not over the bundle's signature (its messageImprint is not the SHA-256 of the signature)");
        assertThatThrownBy(() -> TimestampedBundlesTest.verify(stamped(Timestamps.over(stranger, signature, SIGNED, false)), WITHOUT_TLOGS))
                .hasMessage("RFC 3161 timestamp 1: it was signed with the certificate " + stranger.certificate().getSerialNumber().toString(16)
                        + " issued by O=tsa.example.com,CN=stranger tsa root, which is not the certificate of a timestamp authority of the trusted root");
    }

    @Test
    @DisplayName("a bundle with neither a timestamp nor a log entry is refused")
    void noTimestamp() {
        assertThatThrownBy(() -> TimestampedBundlesTest.verify(Bundles.keyless(envelope, signer.certificate()), WITHOUT_TLOGS))
                .hasMessage("the bundle has no RFC 3161 timestamp, and the trusted root test-root lists no transparency log:"
                        + " its signature is vouched for by a timestamp of one of the root's timestamp authorities");
    }

    @Test
    @DisplayName("the certificate must be valid at every genTime, and chain to one of the root's authorities")
    void certificateAtEveryGenTime() {
        byte[] late = Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate()), Timestamps.data(
                Timestamps.over(tsa, signature, SIGNED, false), Timestamps.over(tsa, signature, ISSUED.plusSeconds(601), false)));
        Sigstore.Signer outsider = Sigstore.leaf(Sigstore.root("other fulcio"), EMAIL, ISSUER, ISSUED, false);
        byte[] unchained = Bundles.envelope(Bundles.signStatement(IMAGE), outsider.keys().getPrivate());
        byte[] outsiderSignature = java.util.Base64.getDecoder().decode(tools.jackson.databind.json.JsonMapper.shared().readTree(unchained)
                .path("signatures").path(0).path("sig").asString());

        assertThatThrownBy(() -> TimestampedBundlesTest.verify(late, WITHOUT_TLOGS))
                .hasMessage("the certificate for " + EMAIL + " is valid from 2026-03-01T10:00:00Z until 2026-03-01T10:10:00Z, not at 2026-03-01T10:10:01Z"
                        + " when an RFC 3161 timestamp says the signature was made");
        assertThatThrownBy(() -> TimestampedBundlesTest.verify(Bundles.withTimestamps(Bundles.keyless(unchained, outsider.certificate()),
                Timestamps.data(Timestamps.over(tsa, outsiderSignature, SIGNED, false))), WITHOUT_TLOGS))
                .hasMessageStartingWith("the certificate for " + EMAIL + " (issuer ")
                .hasMessageContaining("was not issued by a certificate authority of the trusted root test-root");
    }

    @Test
    @DisplayName("the identity must still match")
    void otherIdentity() {
        KeylessSignatures.Trust trust = new KeylessSignatures.Trust(Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(ISSUER, "someone@example.com")),
                "file:root.json"), TrustedRoot.parse(WITHOUT_TLOGS, "test-root"));

        assertThatThrownBy(() -> SigstoreBundles.verify(stamped(Timestamps.over(tsa, signature, SIGNED, false)), List.of(), trust, IMAGE, () -> null))
                .hasMessage("the certificate is for " + EMAIL + ", not someone@example.com");
    }

    @Test
    @DisplayName("a root with neither tlogs nor timestamp authorities is not one")
    void neither() {
        assertThatThrownBy(() -> TrustedRoot.parse(TrustedRoots.json(List.of(TimestampedBundlesTest.authority()), List.of()), "test-root"))
                .hasMessage("it has neither a transparency log (tlogs) nor a timestamp authority (timestampAuthorities):"
                        + " nothing would vouch for when a signature was made");
    }

    static byte[] stamped(String timestamp) {
        return Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate()), Timestamps.data(timestamp));
    }
}
