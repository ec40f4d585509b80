package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;
import dev.signoff.registry.TestImages.Image;

/**
 * cosign 2 keyless signatures (layer annotations with a Rekor bundle) checked with a Sigstore
 * trusted root written from the throw-away Fulcio and Rekor of {@link KeylessFixture}: the Rekor
 * key is found by the bundle's log id and counts only for its {@code validFor}, the certificate
 * chains to an authority valid when the signature was logged (through the authority's own
 * intermediates), and each refusal is a sentence of its own.
 */
@DisplayName("The signature gate checks keyless signatures with a Sigstore trusted root")
class TrustedRootKeylessTest extends KeylessFixture {
    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final String FULCIO = "https://fulcio.example.com";
    static final String REKOR = "https://rekor.example.com";

    static Gates.Keyless root(String name, List<TrustedRoots.Authority> authorities, List<TrustedRoots.Log> logs) throws Exception {
        return Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(ISSUER, EMAIL)), TrustedRoots.write(work.resolve(name), authorities, logs));
    }

    static TrustedRoots.Authority fulcio(Instant end) {
        return new TrustedRoots.Authority(FULCIO, List.of(fulcio.certificate()), FROM, end);
    }

    static TrustedRoots.Log log(KeyPair keys, Instant start, Instant end) {
        return new TrustedRoots.Log(REKOR, keys.getPublic(), start, end);
    }

    static String logId(KeyPair keys) {
        return HexFormat.of().formatHex(Manifest.newHasher("sha256").digest(keys.getPublic().getEncoded()));
    }

    @Test
    @DisplayName("accepts a signature whose certificate chains to the root's authority and whose bundle the root's log key signed")
    void accepts() throws Exception {
        Image image = image("root-accepted");
        sign(image, release(), List.of(), LOGGED, rekor);

        assertThat(verify(image, root("accepts.json", List.of(fulcio(null)), List.of(log(rekor, FROM, null)))))
                .isEqualTo(new Verdict(true, "signed (keyless: " + EMAIL + " via " + ISSUER + ")"));
    }

    @Test
    @DisplayName("takes intermediates from the authority's chain when the signature carries none")
    void intermediateFromTheRoot() throws Exception {
        Image image = image("root-intermediate");
        sign(image, Sigstore.leaf(intermediate, EMAIL, ISSUER, ISSUED, false), List.of(), LOGGED, rekor);
        TrustedRoots.Authority chain = new TrustedRoots.Authority(FULCIO, List.of(intermediate.certificate(), fulcio.certificate()), FROM, null);

        assertThat(verify(image, root("intermediate.json", List.of(chain), List.of(log(rekor, FROM, null)))).text())
                .isEqualTo("signed (keyless: " + EMAIL + " via " + ISSUER + ")");
    }

    @Test
    @DisplayName("a rotated Rekor key: each key counts for its own time, another log's entry counts with its own key")
    void rotatedKeys() throws Exception {
        Instant rotated = LOGGED.minusSeconds(60);
        Gates.Keyless rotation = root("rotated.json", List.of(fulcio(null)),
                List.of(log(otherRekor, FROM, rotated), new TrustedRoots.Log("https://rekor2.example.com", rekor.getPublic(), rotated, null)));
        Image current = image("root-current-key");
        sign(current, release(), List.of(), LOGGED, rekor);
        Image retired = image("root-retired-key");
        sign(retired, release(), List.of(), LOGGED, otherRekor);

        assertThat(verify(current, rotation).signed()).isTrue();
        assertThat(verify(retired, rotation)).isEqualTo(refused(retired, "the trusted root " + rotation.trustedRoots().getFirst() + " trusts the key of log "
                + logId(otherRekor) + " (" + REKOR + ") from " + FROM + " until " + rotated + ", not at " + LOGGED + " when the entry was logged"));
    }

    @Test
    @DisplayName("refuses a bundle from a log the root does not name, naming the log id")
    void untrustedLog() throws Exception {
        Image image = image("root-other-log");
        sign(image, release(), List.of(), LOGGED, rekor);
        Gates.Keyless other = root("other-log.json", List.of(fulcio(null)), List.of(log(otherRekor, FROM, null)));

        assertThat(verify(image, other)).isEqualTo(refused(image, "log " + logId(rekor) + " is not one of the transparency logs of the trusted root "
                + other.trustedRoots().getFirst()));
    }

    @Test
    @DisplayName("refuses a certificate whose authority the root trusts only until before the signature was logged")
    void authorityOutOfTime() throws Exception {
        Image image = image("root-ca-expired");
        sign(image, release(), List.of(), LOGGED, rekor);
        Instant end = LOGGED.minusSeconds(1);
        Gates.Keyless expired = root("ca-expired.json", List.of(fulcio(end)), List.of(log(rekor, FROM, null)));

        assertThat(verify(image, expired)).isEqualTo(refused(image, "the certificate for " + EMAIL + " chains to the certificate authority " + FULCIO
                + " of the trusted root " + expired.trustedRoots().getFirst() + ", which it trusts from " + FROM + " until " + end + ", not at " + LOGGED
                + " when the signature was logged"));
    }

    @Test
    @DisplayName("refuses a certificate from an authority the root does not name")
    void strangerAuthority() throws Exception {
        Image image = image("root-stranger");
        sign(image, Sigstore.leaf(stranger, EMAIL, ISSUER, ISSUED, false), List.of(), LOGGED, rekor);
        Gates.Keyless trusted = root("stranger.json", List.of(fulcio(null)), List.of(log(rekor, FROM, null)));

        assertThat(verify(image, trusted)).isEqualTo(refused(image, "the certificate for " + EMAIL + " (issuer " + stranger.certificate().getSubjectX500Principal().getName()
                + ") was not issued by a certificate authority of the trusted root " + trusted.trustedRoots().getFirst() + " (" + FULCIO + ", root "
                + fulcio.certificate().getSubjectX500Principal().getName() + ")"));
    }

    @Test
    @DisplayName("with two roots a signature counts under either, and not with the authority of one and the log of the other")
    void twoRoots() throws Exception {
        Image image = image("two-roots");
        sign(image, release(), List.of(), LOGGED, rekor);
        List<Gates.Identity> identities = List.of(new Gates.Identity(ISSUER, EMAIL));
        String otherLog = TrustedRoots.write(work.resolve("two-other-log.json"), List.of(fulcio(null)), List.of(log(otherRekor, FROM, null)));
        String trusted = TrustedRoots.write(work.resolve("two-trusted.json"), List.of(fulcio(null)), List.of(log(rekor, FROM, null)));
        String otherAuthority = TrustedRoots.write(work.resolve("two-other-ca.json"),
                List.of(new TrustedRoots.Authority(FULCIO, List.of(stranger.certificate()), FROM, null)), List.of(log(rekor, FROM, null)));

        assertThat(verify(image, Gates.Keyless.fromTrustedRoots(identities, List.of(otherLog, trusted))).signed()).isTrue();
        assertThat(verify(image, Gates.Keyless.fromTrustedRoots(identities, List.of(trusted, otherLog))).signed()).isTrue();
        assertThat(verify(image, Gates.Keyless.fromTrustedRoots(identities, List.of(otherLog, otherAuthority)))).isEqualTo(refused(image,
                "it verifies under none of the 2 trusted roots. Under the trusted root " + otherLog + ": log " + logId(rekor)
                        + " is not one of the transparency logs of the trusted root " + otherLog + ". Under the trusted root " + otherAuthority
                        + ": the certificate for " + EMAIL + " (issuer " + fulcio.certificate().getSubjectX500Principal().getName()
                        + ") was not issued by a certificate authority of the trusted root " + otherAuthority + " (" + FULCIO + ", root "
                        + stranger.certificate().getSubjectX500Principal().getName() + ")"));
    }

    @Test
    @DisplayName("a trusted root in an environment variable that is not one is named with what is wrong")
    void unusableRoot() {
        Gates.Keyless fromEnv = Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(ISSUER, EMAIL)), "env:TRUSTED_ROOT");

        assertThat(KeylessSignatures.Trust.load(fromEnv, Map.of("TRUSTED_ROOT", TrustedRoots.json(List.of(fulcio(null)), List.of(log(rekor, FROM, null)))))
                .roots()).singleElement().isInstanceOf(TrustedRoot.class);
        assertThatThrownBy(() -> KeylessSignatures.Trust.load(fromEnv, Map.of("TRUSTED_ROOT", "{\"mediaType\": \"x\"}")))
                .hasMessage("the trusted root env:TRUSTED_ROOT: it is not a Sigstore trusted root (mediaType 'x', not"
                        + " application/vnd.dev.sigstore.trustedroot+json;version=0.1)");
        assertThatThrownBy(() -> KeylessSignatures.Trust.load(fromEnv, Map.of("TRUSTED_ROOT",
                        TrustedRoots.json(List.of(fulcio(null)), List.of()))))
                .hasMessage("the trusted root env:TRUSTED_ROOT: it has neither a transparency log (tlogs) nor a timestamp authority"
                        + " (timestampAuthorities): nothing would vouch for when a signature was made");
    }
}
