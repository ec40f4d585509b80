package dev.signoff.registry;

import static dev.signoff.registry.TimestampedBundlesTest.EMAIL;
import static dev.signoff.registry.TimestampedBundlesTest.FROM;
import static dev.signoff.registry.TimestampedBundlesTest.IMAGE;
import static dev.signoff.registry.TimestampedBundlesTest.ISSUED;
import static dev.signoff.registry.TimestampedBundlesTest.ISSUER;
import static dev.signoff.registry.TimestampedBundlesTest.LOG_URL;
import static dev.signoff.registry.TimestampedBundlesTest.envelope;
import static dev.signoff.registry.TimestampedBundlesTest.log;
import static dev.signoff.registry.TimestampedBundlesTest.otherLog;
import static dev.signoff.registry.TimestampedBundlesTest.signer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Gates;

/**
 * Keyless bundles checked with two trusted roots, as {@code gh attestation verify} holds GitHub's
 * (private repositories: its own Fulcio and TSA, no tlogs) and the public-good one: a bundle counts
 * when it verifies whole under one root, never with one root's certificate authority and another's
 * log. The throw-away Fulcio, Rekor key and TSA of {@link TimestampedBundlesTest}.
 */
@DisplayName("Keyless bundles with several trusted roots: verified whole under one of them")
class SeveralTrustedRootsTest {
    static final Sigstore.Authority githubFulcio = Sigstore.root("github fulcio");
    /** GitHub's shape: its own Fulcio and the TSA, no tlogs. */
    static final String GITHUB = TrustedRoots.json(List.of(new TrustedRoots.Authority("https://fulcio.githubapp.com", List.of(githubFulcio.certificate()),
            FROM, null)), List.of(), TimestampedBundlesTest.tsas(null));
    /** The public-good shape: the Fulcio that issued the signer's certificate and the log, with the TSA. */
    static final String PUBLIC_GOOD = TimestampedBundlesTest.root(null);
    /** A bundle of the public-good shape: certificate from its Fulcio, a Rekor v1 entry its log signed, no timestamp. */
    static final byte[] LOGGED = Bundles.keyless(envelope, signer.certificate(),
            Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), ISSUED.plusSeconds(60), log, null));

    static SigstoreBundles.Verified verify(byte[] bundle, Map<String, String> roots) {
        List<SigstoreTrust> parsed = new ArrayList<>();
        roots.forEach((reference, json) -> parsed.add(TrustedRoot.parse(json, reference)));
        Gates.Keyless keyless = Gates.Keyless.fromTrustedRoots(List.of(new Gates.Identity(ISSUER, EMAIL)), List.copyOf(roots.keySet()));
        return SigstoreBundles.verify(bundle, List.of(), new KeylessSignatures.Trust(keyless, parsed), IMAGE, () -> null);
    }

    static Map<String, String> roots(String firstName, String first, String secondName, String second) {
        Map<String, String> roots = new LinkedHashMap<>();
        roots.put(firstName, first);
        roots.put(secondName, second);
        return roots;
    }

    @Test
    @DisplayName("a bundle is accepted under the second root of two, and under the first")
    void eitherRoot() {
        assertThat(verify(LOGGED, roots("file:github.json", GITHUB, "file:public-good.json", PUBLIC_GOOD)).signer().describe())
                .isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
        assertThat(verify(LOGGED, roots("file:public-good.json", PUBLIC_GOOD, "file:github.json", GITHUB)).signer().describe())
                .isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
    }

    @Test
    @DisplayName("a GitHub private-repository bundle (timestamp alone) is accepted under GitHub's root, listed first or second")
    void timestampAloneUnderGitHubsRoot() {
        Sigstore.Signer github = Sigstore.leaf(githubFulcio, EMAIL, ISSUER, ISSUED, false);
        byte[] signed = Bundles.envelope(Bundles.signStatement(IMAGE), github.keys().getPrivate());
        byte[] signature = java.util.Base64.getDecoder().decode(tools.jackson.databind.json.JsonMapper.shared().readTree(signed)
                .path("signatures").path(0).path("sig").asString());
        byte[] bundle = Bundles.withTimestamps(Bundles.keyless(signed, github.certificate()),
                Timestamps.data(Timestamps.over(TimestampedBundlesTest.tsa, signature, TimestampedBundlesTest.SIGNED, false)));

        assertThat(verify(bundle, roots("file:public-good.json", PUBLIC_GOOD, "file:github.json", GITHUB)).signer().describe())
                .isEqualTo("keyless: " + EMAIL + " via " + ISSUER + ", timestamped by tsa");
        assertThat(verify(bundle, roots("file:github.json", GITHUB, "file:public-good.json", PUBLIC_GOOD)).signer().timestampedBy()).isEqualTo("tsa");
    }

    @Test
    @DisplayName("a bundle that needs the certificate authority of one root and the log of the other is refused, a sentence per root")
    void noMixing() {
        String authorityOnly = TrustedRoots.json(List.of(TimestampedBundlesTest.authority()), List.of(new TrustedRoots.Log(LOG_URL, otherLog.getPublic(), FROM, null)));
        String logOnly = TrustedRoots.json(List.of(new TrustedRoots.Authority("https://fulcio.githubapp.com", List.of(githubFulcio.certificate()), FROM, null)),
                List.of(new TrustedRoots.Log(LOG_URL, log.getPublic(), FROM, null)));

        assertThatThrownBy(() -> verify(LOGGED, roots("file:authority.json", authorityOnly, "file:log.json", logOnly)))
                .hasMessage("it verifies under none of the 2 trusted roots. Under the trusted root file:authority.json: no transparency log entry of the bundle"
                        + " is vouched for by a transparency log of the trusted root file:authority.json: log index 7: log "
                        + HexFormat.of().formatHex(TimestampedBundlesTest.logId(log)) + " is not one of the transparency logs of the trusted root file:authority.json."
                        + " Under the trusted root file:log.json: the certificate for " + EMAIL + " (issuer " + signer.certificate().getIssuerX500Principal().getName()
                        + ") was not issued by a certificate authority of the trusted root file:log.json (https://fulcio.githubapp.com, root "
                        + githubFulcio.certificate().getSubjectX500Principal().getName() + ")");
    }

    @Test
    @DisplayName("no downgrade per root: a timestamp-only bundle is refused by a root with tlogs, whichever other root also refuses it")
    void noDowngradePerRoot() {
        byte[] stamped = TimestampOnlyBundlesTest.stamped(Timestamps.over(TimestampedBundlesTest.tsa, TimestampedBundlesTest.signature,
                TimestampedBundlesTest.SIGNED, false));

        assertThatThrownBy(() -> verify(stamped, roots("file:github.json", GITHUB, "file:public-good.json", PUBLIC_GOOD)))
                .hasMessageStartingWith("it verifies under none of the 2 trusted roots. Under the trusted root file:github.json: the certificate for " + EMAIL)
                .hasMessageEndingWith(". Under the trusted root file:public-good.json: the bundle has no transparency log entry, which the trusted root"
                        + " file:public-good.json requires: it lists transparency logs (tlogs), so an RFC 3161 timestamp alone does not count");
    }
}
