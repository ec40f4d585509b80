package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;

/**
 * Keyless bundles whose time comes from an RFC 3161 timestamp, with Rekor v1 and Rekor v2 entries,
 * checked with a trusted root written from a throw-away Fulcio, Rekor and timestamp authority.
 * Times are fixed: the certificate is valid 10:00–10:10, the timestamps say 10:00:30 unless a test
 * says otherwise.
 */
@DisplayName("RFC 3161 timestamps and Rekor v2 entries in Sigstore bundles")
class TimestampedBundlesTest {
    static final String EMAIL = "release@example.com";
    static final String ISSUER = "https://accounts.example.com";
    static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant SIGNED = ISSUED.plusSeconds(30);
    static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    static final String LOG_URL = "https://log2026.rekor.example.com";
    static final String ORIGIN = "log2026.rekor.example.com";
    static final Sigstore.Authority fulcio = Sigstore.root("sigstore");
    static final Sigstore.Signer signer = Sigstore.leaf(fulcio, EMAIL, ISSUER, ISSUED, false);
    static final Timestamps.Tsa tsa = Timestamps.authority("tsa");
    static final Timestamps.Tsa stranger = Timestamps.authority("stranger tsa");
    static final KeyPair log = Cosign.keyPair("EC");
    static final KeyPair otherLog = Cosign.keyPair("EC");
    static final Digest IMAGE = Digest.sha256Of("an image manifest".getBytes(StandardCharsets.UTF_8));
    static final byte[] envelope = Bundles.envelope(Bundles.signStatement(IMAGE), signer.keys().getPrivate());
    static final byte[] signature = Base64.getDecoder().decode(JsonMapper.shared().readTree(envelope).path("signatures").path(0).path("sig").asString());

    @Test
    @DisplayName("a Rekor v2 dsse entry counts with a timestamp: the checkpoint of the log's origin, the proof, the entry and the certificate at the genTime")
    void rekorV2Dsse() {
        byte[] bundle = Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), v2Dsse(ORIGIN, log, logId(log))),
                Timestamps.data(Timestamps.over(tsa, signature, SIGNED, false)));

        SigstoreBundles.Verified verified = verify(bundle, root(null));

        assertThat(verified.signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
        assertThat(verified.statement().subjects()).containsExactly(IMAGE);
    }

    @Test
    @DisplayName("a message signature with a Rekor v2 hashedrekord entry counts with a timestamp in a TSA's response over the signature")
    void rekorV2MessageSignature() {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        String signed = Sigstore.sign(manifest, signer.keys().getPrivate());
        String entry = Bundles.entryV2(Bundles.hashedRekordBodyV2(manifest, signed, signer.certificate()), "hashedrekord", ORIGIN, log, logId(log));
        byte[] bundle = Bundles.withTimestamps(Bundles.message(Bundles.sha256(manifest), signed, signer.certificate(), entry),
                Timestamps.data(Timestamps.over(tsa, Base64.getDecoder().decode(signed), SIGNED, true)));

        SigstoreBundles.Verified verified = SigstoreBundles.verify(bundle, List.of(), trust(root(null)), Digest.sha256Of(manifest), () -> manifest);

        assertThat(verified.statement()).isNull();
        assertThat(verified.signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
    }

    @Test
    @DisplayName("a Rekor v2 entry without a timestamp has no time, and is refused saying so")
    void rekorV2WithoutTimestamp() {
        assertThatThrownBy(() -> verify(Bundles.keyless(envelope, signer.certificate(), v2Dsse(ORIGIN, log, logId(log))), root(null)))
                .hasMessage(unvouched("it is a Rekor v2 entry, which carries no signed time, and the bundle has no RFC 3161 timestamp to give one"));
    }

    @Test
    @DisplayName("a Rekor v2 checkpoint from a log the trusted root does not know is refused")
    void rekorV2UnknownLog() {
        assertThatThrownBy(() -> verify(timestamped(v2Dsse(ORIGIN, otherLog, logId(otherLog))), root(null)))
                .hasMessage(unvouched("log " + HexFormat.of().formatHex(logId(otherLog)) + " is not one of the transparency logs of the trusted root test-root"));
    }

    @Test
    @DisplayName("a Rekor v2 checkpoint of another origin than the log's base URL is refused")
    void rekorV2OtherOrigin() {
        assertThatThrownBy(() -> verify(timestamped(v2Dsse("log2025.rekor.example.com", log, logId(log))), root(null)))
                .hasMessage(unvouched("its checkpoint is of the log 'log2025.rekor.example.com', not of " + ORIGIN + " whose key it names"));
    }

    @Test
    @DisplayName("the trusted root's checkpointKeyId is the key id a Rekor v2 checkpoint must be signed under")
    void checkpointKeyId() {
        byte[] noteKeyId = Bundles.sha256("log2026.rekor.example.com note key".getBytes(StandardCharsets.UTF_8));
        String root = TrustedRoots.json(List.of(authority()), List.of(new TrustedRoots.Log(LOG_URL, log.getPublic(), FROM, null, noteKeyId)), tsas(null));

        assertThat(verify(timestamped(v2Dsse(ORIGIN, log, noteKeyId)), root).signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
        assertThatThrownBy(() -> verify(timestamped(v2Dsse(ORIGIN, log, logId(log))), root))
                .hasMessage(unvouched("its checkpoint was not signed by this Rekor key"));
    }

    @Test
    @DisplayName("a Rekor v1 entry with a timestamp counts when the certificate was valid at both times, and not when it had expired at the genTime")
    void rekorV1WithTimestamp() {
        String entry = Bundles.entry(Bundles.dsseBody(envelope, signer.certificate()), ISSUED.plusSeconds(60), log, null);

        assertThat(verify(timestamped(entry), root(null)).signer().describe()).isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
        assertThatThrownBy(() -> verify(Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), entry),
                Timestamps.data(Timestamps.over(tsa, signature, ISSUED.plusSeconds(3600), false))), root(null)))
                .hasMessage("the certificate for " + EMAIL + " is valid from 2026-03-01T10:00:00Z until 2026-03-01T10:10:00Z, not at 2026-03-01T11:00:00Z"
                        + " when an RFC 3161 timestamp says the signature was made");
    }

    @Test
    @DisplayName("a Rekor v1 intoto 0.0.2 entry is v1's: its SET gives the time, no timestamp needed")
    void rekorV1Intoto() {
        String sig = JsonMapper.shared().readTree(envelope).path("signatures").path(0).path("sig").asString();
        Base64.Encoder b64 = Base64.getEncoder();
        String body = b64.encodeToString(("{\"apiVersion\":\"0.0.2\",\"kind\":\"intoto\",\"spec\":{\"content\":{\"envelope\":{\"payloadType\":"
                + "\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\"" + b64.encodeToString(sig.getBytes(StandardCharsets.UTF_8)) + "\",\"publicKey\":\""
                + b64.encodeToString(Sigstore.pem(signer.certificate()).getBytes(StandardCharsets.UTF_8)) + "\"}]},\"payloadHash\":{\"algorithm\":\"sha256\","
                + "\"value\":\"" + HexFormat.of().formatHex(Bundles.sha256(Bundles.signStatement(IMAGE))) + "\"}}}}").getBytes(StandardCharsets.UTF_8));

        assertThat(verify(Bundles.keyless(envelope, signer.certificate(), Bundles.entry(body, ISSUED.plusSeconds(60), log, null)), root(null)).signer().describe())
                .isEqualTo("keyless: " + EMAIL + " via " + ISSUER);
    }

    @Test
    @DisplayName("a certificate that had expired at the timestamp's genTime is refused")
    void certificateExpiredAtGenTime() {
        byte[] bundle = Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), v2Dsse(ORIGIN, log, logId(log))),
                Timestamps.data(Timestamps.over(tsa, signature, ISSUED.plusSeconds(601), false)));

        assertThatThrownBy(() -> verify(bundle, root(null)))
                .hasMessage("the certificate for " + EMAIL + " is valid from 2026-03-01T10:00:00Z until 2026-03-01T10:10:00Z, not at 2026-03-01T10:10:01Z"
                        + " when an RFC 3161 timestamp says the signature was made");
    }

    @Test
    @DisplayName("a timestamp over other bytes than the bundle's signature is refused")
    void timestampOverOtherBytes() {
        byte[] bundle = Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), v2Dsse(ORIGIN, log, logId(log))),
                Timestamps.data(Timestamps.over(tsa, "other bytes".getBytes(StandardCharsets.UTF_8), SIGNED, false)));

        assertThatThrownBy(() -> verify(bundle, root(null)))
                .hasMessage("RFC 3161 timestamp 1: it is over other bytes, not over the bundle's signature (its messageImprint is not the SHA-256 of the signature)");
    }

    @Test
    @DisplayName("a timestamp from a TSA the trusted root does not name is refused")
    void unknownTsa() {
        byte[] bundle = Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), v2Dsse(ORIGIN, log, logId(log))),
                Timestamps.data(Timestamps.over(stranger, signature, SIGNED, false)));

        assertThatThrownBy(() -> verify(bundle, root(null)))
                .hasMessage("RFC 3161 timestamp 1: it was signed with the certificate " + stranger.certificate().getSerialNumber().toString(16)
                        + " issued by O=tsa.example.com,CN=stranger tsa root, which is not the certificate of a timestamp authority of the trusted root");
    }

    @Test
    @DisplayName("a genTime outside the TSA's validFor in the trusted root is refused")
    void genTimeOutsideValidFor() {
        assertThatThrownBy(() -> verify(timestamped(v2Dsse(ORIGIN, log, logId(log))), root(ISSUED)))
                .hasMessage("RFC 3161 timestamp 1: the trusted root trusts the timestamp authority https://tsa.example.com from 2025-01-01T00:00:00Z"
                        + " until 2026-03-01T10:00:00Z, not at its genTime 2026-03-01T10:00:30Z");
    }

    @Test
    @DisplayName("timestamps without a timestamp authority to check them are refused: a trusted root without one, or the PEM trust")
    void nothingToCheckWith() {
        String withoutTsa = TrustedRoots.json(List.of(authority()), List.of(new TrustedRoots.Log(LOG_URL, log.getPublic(), FROM, null)));
        SigstoreTrust pems = new SigstoreTrust.Pems(List.of(fulcio.certificate()), new Keys.Verifier("file:rekor.pub", log.getPublic(), "sha256:test"));

        assertThatThrownBy(() -> verify(timestamped(v2Dsse(ORIGIN, log, logId(log))), withoutTsa))
                .hasMessage("the bundle's RFC 3161 timestamps cannot be checked: the trusted root test-root has no timestamp authority (timestampAuthorities)");
        assertThatThrownBy(() -> SigstoreBundles.verify(timestamped(v2Dsse(ORIGIN, log, logId(log))), List.of(),
                new KeylessSignatures.Trust(new Gates.Keyless(List.of(new Gates.Identity(ISSUER, EMAIL)), "file:fulcio.pem", "file:rekor.pub"), pems), IMAGE, () -> null))
                .hasMessage("the bundle's RFC 3161 timestamps cannot be checked with fulcioRoot and rekor, which name no timestamp authority:"
                        + " configure a trusted root (trustedRoot) with timestampAuthorities");
    }

    @Test
    @DisplayName("a key-signed bundle needs no timestamp; one it carries is checked when the stage has a trusted root")
    void keySigned() {
        KeyPair key = Cosign.keyPair("EC");
        byte[] signedByKey = Bundles.envelope(Bundles.signStatement(IMAGE), key.getPrivate());
        byte[] bundle = Bundles.withTimestamps(Bundles.withKey(signedByKey, key.getPublic()),
                Timestamps.data(Timestamps.over(tsa, "other bytes".getBytes(StandardCharsets.UTF_8), SIGNED, false)));
        List<Keys.Verifier> keys = List.of(new Keys.Verifier("file:cosign.pub", key.getPublic(), Keys.fingerprint(key.getPublic())));

        assertThat(SigstoreBundles.verify(bundle, keys, null, IMAGE, () -> null).signer().key()).isEqualTo(keys.getFirst());
        assertThatThrownBy(() -> SigstoreBundles.verify(bundle, keys, trust(root(null)), IMAGE, () -> null))
                .hasMessageStartingWith("RFC 3161 timestamp 1: it is over other bytes, not over the bundle's signature");
    }

    @Test
    @DisplayName("a timestamp whose CMS signature or signed TSTInfo was changed is refused")
    void tampered() {
        byte[] token = Base64.getDecoder().decode(Timestamps.over(tsa, signature, SIGNED, false));
        byte[] badSignature = token.clone();
        badSignature[badSignature.length - 1] ^= 1;
        String text = new String(token, StandardCharsets.ISO_8859_1).replace("20260301100030Z", "20260301100031Z");

        assertThatThrownBy(() -> verify(timestamped(v2Dsse(ORIGIN, log, logId(log)), badSignature), root(null)))
                .hasMessage("RFC 3161 timestamp 1: its signature does not verify with the certificate of the timestamp authority https://tsa.example.com");
        assertThatThrownBy(() -> verify(timestamped(v2Dsse(ORIGIN, log, logId(log)), text.getBytes(StandardCharsets.ISO_8859_1)), root(null)))
                .hasMessage("RFC 3161 timestamp 1: its signed message digest is not the SHA-256 of its TSTInfo");
    }

    @Test
    @DisplayName("a timestamp that is not DER is refused, its fault named")
    void notDer() {
        String ber = Base64.getEncoder().encodeToString(new byte[] {0x30, (byte) 0x80, 0x02, 0x01, 0x00, 0x00, 0x00});

        assertThatThrownBy(() -> verify(Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), v2Dsse(ORIGIN, log, logId(log))),
                Timestamps.data(ber)), root(null)))
                .hasMessage("RFC 3161 timestamp 1: a DER element has an indefinite length (BER, not DER)");
    }

    static String v2Dsse(String origin, KeyPair by, byte[] keyId) {
        return Bundles.entryV2(Bundles.dsseBodyV2(envelope, signer.certificate()), "dsse", origin, by, keyId);
    }

    static byte[] timestamped(String entry) {
        return Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), entry), Timestamps.data(Timestamps.over(tsa, signature, SIGNED, false)));
    }

    static byte[] timestamped(String entry, byte[] token) {
        return Bundles.withTimestamps(Bundles.keyless(envelope, signer.certificate(), entry), Timestamps.data(Base64.getEncoder().encodeToString(token)));
    }

    static byte[] logId(KeyPair key) {
        return Bundles.sha256(key.getPublic().getEncoded());
    }

    static String unvouched(String why) {
        return "no transparency log entry of the bundle is vouched for by a transparency log of the trusted root test-root: log index 5: " + why;
    }

    static TrustedRoots.Authority authority() {
        return new TrustedRoots.Authority("https://fulcio.example.com", List.of(fulcio.certificate()), FROM, null);
    }

    static List<TrustedRoots.Tsa> tsas(Instant end) {
        return List.of(new TrustedRoots.Tsa("https://tsa.example.com", tsa.chain(), FROM, end));
    }

    /** The trusted root: the Fulcio, the log (from 2025, no end) and the TSA trusted until {@code tsaEnd} (null: no end). */
    static String root(Instant tsaEnd) {
        return TrustedRoots.json(List.of(authority()), List.of(new TrustedRoots.Log(LOG_URL, log.getPublic(), FROM, null)), tsas(tsaEnd));
    }

    static KeylessSignatures.Trust trust(String root) {
        return new KeylessSignatures.Trust(Gates.Keyless.fromTrustedRoot(List.of(new Gates.Identity(ISSUER, EMAIL)), "file:root.json"),
                TrustedRoot.parse(root, "test-root"));
    }

    static SigstoreBundles.Verified verify(byte[] bundle, String root) {
        return SigstoreBundles.verify(bundle, List.of(), trust(root), IMAGE, () -> null);
    }
}
