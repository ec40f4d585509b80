package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Gates;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.spi.ImageSignatures.Verdict;

/**
 * A keyless signature made by the real cosign in 2021 (sigstore-rs's test vector, see
 * {@code src/test/resources/cosign/sigstore-rs-keyless/README.md}), checked with the real Fulcio
 * root and Rekor key of that time: long after its certificate expired, at the bundle's
 * integratedTime. Its certificate names no OIDC issuer, so the identity check, which comes last,
 * is what refuses it: everything before it (the SET, the entry, the chain, the signature, the
 * digest) passed.
 */
@DisplayName("A keyless signature made by the real cosign is checked offline")
class KeylessVectorTest {
    static final Digest IMAGE = Digest.parse("sha256:5f481572d088dc4023afb35fced9530ced3d9b03bf7299c6f492163cb9f0452e");

    @TempDir
    static Path work;

    static LocalRegistry registry;
    static CosignSignatures signatures;
    static Path vector;
    static final java.security.cert.X509Certificate otherRoot = Sigstore.root("sigstore").certificate();

    @BeforeAll
    static void start() throws Exception {
        vector = Path.of(KeylessVectorTest.class.getResource("/cosign/sigstore-rs-keyless").toURI());
        registry = LocalRegistry.start("vector", null, null, true);
        signatures = new CosignSignatures(new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("vector", registry, null)),
                RegistryFixtures.fast(Map.of("DOCKER_CONFIG", "/nonexistent"), RegistrySettings.ExchangeObserver.NONE)));
        Files.writeString(work.resolve("other-rekor.pub"), Cosign.pem(Cosign.keyPair("EC").getPublic()));
        Files.writeString(work.resolve("other-root.pem"), Sigstore.pem(otherRoot));
        Cosign.push(registry, "disallow-service-nodeport", Cosign.tag(IMAGE, ".sig"), Cosign.signature(List.of(new Cosign.Layer(
                Files.readAllBytes(vector.resolve("payload.json")), read("signature.txt"),
                Map.of(KeylessSignatures.CERTIFICATE, read("certificate.pem"), RekorBundles.ANNOTATION, read("bundle.json"))))));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    static String read(String name) throws java.io.IOException {
        return Files.readString(vector.resolve(name), StandardCharsets.UTF_8).strip();
    }

    static Verdict verify(String root, String rekor) {
        Gates.Keyless keyless = new Gates.Keyless(List.of(new Gates.Identity("https://github.com/login/oauth", "flavio@castelli.me")), root, rekor);
        return signatures.verify(ImageRef.parse("vector/disallow-service-nodeport@" + IMAGE), List.of(), keyless);
    }

    static String refusal(String reason) {
        return "no signature of " + IMAGE.shortForm() + " verifies with the stage's identities. identities flavio@castelli.me via"
                + " https://github.com/login/oauth: " + reason + ".";
    }

    @Test
    @DisplayName("passes every check up to the identity, which its pre-2022 certificate cannot name")
    void verifiesUpToTheIdentity() {
        assertThat(verify("file:" + vector.resolve("fulcio-root.pem"), "file:" + vector.resolve("rekor.pub")).text())
                .isEqualTo(refusal("the certificate for flavio@castelli.me names no OIDC issuer, so not https://github.com/login/oauth"));
    }

    @Test
    @DisplayName("is refused with another Rekor key and with another Fulcio root")
    void otherTrust() {
        String rekor = Keys.fingerprint(Keys.publicKey("file:" + work.resolve("other-rekor.pub"), Map.of()).key());
        assertThat(verify("file:" + vector.resolve("fulcio-root.pem"), "file:" + work.resolve("other-rekor.pub")).text())
                .isEqualTo(refusal("the Rekor bundle was not signed by the Rekor key " + rekor + " (file:" + work.resolve("other-rekor.pub") + ")"));
        assertThat(verify("file:" + work.resolve("other-root.pem"), "file:" + vector.resolve("rekor.pub")).text())
                .isEqualTo(refusal("the certificate for flavio@castelli.me (issuer CN=sigstore,O=sigstore.dev) was not issued by the Fulcio root"
                        + " (O=sigstore.dev,CN=sigstore, key " + Keys.fingerprint(otherRoot.getPublicKey()) + ") or a certificate it issued"));
    }
}
