package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.Stage;

@DisplayName("gates.attestation: predicateType, keys, predicate")
class AttestationGateRulesTest extends PipelinesFileTestSupport {
    static final String PATH = "apps.shop.stages[1].gates.attestation";
    String key;

    @BeforeEach
    void key() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = Files.writeString(dir.resolve("approvals.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n").toString();
    }

    /** dev, then prod with the attestation gate {@code gate} (a flow mapping) on line 13, and the signature gate when {@code signed}. */
    String yaml(String gate, boolean signed) {
        return """
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - { name: dev, image: sandbox/shop:dev, approval: none }
                      - name: prod
                        image: sandbox/shop:prod
                        approval: none
                        attest: true
                        gates:
                          %s
                          attestation: %s
                """.formatted(signed ? "signature: { keys: [env:COSIGN_KEY] }" : "ci: passed", gate);
    }

    @Test
    @DisplayName("is read with its keys and predicate fields, and puts 'verify attestation' after 'verify signature', before the copy")
    void read() {
        Stage prod = load(yaml("{ predicateType: https://signoff.dev/attestations/approval/v1, keys: [file:" + key + ", env:SIGNOFF_APPROVAL_KEY],"
                + " predicate: { stage: test, app: shop } }", true)).requireStage("shop", "prod");
        Stage provenance = load(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [env:CI_KEY] }", false)).requireStage("shop", "prod");

        assertThat(prod.gates().attestation()).isEqualTo(new Gates.Attestation("https://signoff.dev/attestations/approval/v1",
                List.of("file:" + key, "env:SIGNOFF_APPROVAL_KEY"), Map.of("stage", "test", "app", "shop")));
        assertThat(prod.gates().attestation().predicate().keySet()).containsExactly("stage", "app");
        assertThat(prod.steps(PromotionKind.PROMOTE)).containsExactly("verify signature", "verify attestation", "copy", "attest");
        assertThat(provenance.gates().attestation().predicate()).isEmpty();
        assertThat(provenance.steps(PromotionKind.PROMOTE)).containsExactly("verify attestation", "copy", "attest");
        assertThat(provenance.steps(PromotionKind.ROLLBACK)).containsExactly("verify attestation", "copy", "attest");
    }

    @Test
    @DisplayName("without predicateType, or with one that is not a URI, stops start-up")
    void predicateType() {
        assertThat(problemsOf(yaml("{ keys: [file:" + key + "] }", false))).contains(at(PATH, 13)
                + "'predicateType' is required, like predicateType: https://signoff.dev/attestations/approval/v1 (or https://slsa.dev/provenance/v1)");
        assertThat(problemsOf(yaml("{ predicateType: approval, keys: [file:" + key + "] }", false))).contains(at(PATH + ".predicateType", 13)
                + "'approval' is not a URI; a predicate type is one, like https://signoff.dev/attestations/approval/v1 or https://slsa.dev/provenance/v1");
    }

    @Test
    @DisplayName("without keys, or with an empty list, stops start-up")
    void noKeys() {
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1 }", false))).contains(at(PATH, 13)
                + "'keys' is required, like keys: [file:/etc/signoff/approvals.pub] (PEM public keys, file:/path or env:VARIABLE)");
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [] }", false))).contains(at(PATH + ".keys", 13)
                + "the attestation gate needs at least one key, like [file:/etc/signoff/approvals.pub]");
    }

    @Test
    @DisplayName("a key written inline, a key file that cannot be read, or one that holds no public key stops start-up, naming the file and the key")
    void badKeys() throws Exception {
        String privateKey = Files.writeString(dir.resolve("approvals.key"), "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n").toString();
        String notAKey = Files.writeString(dir.resolve("dsa.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").toString();

        String problems = problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [\"-----BEGIN PUBLIC KEY-----\", file:/nonexistent/approvals.pub,"
                + " file:" + privateKey + ", file:" + notAKey + "] }", false));

        assertThat(problems).contains(at(PATH + ".keys[0]", 13) + "a key is named, not written inline: give file:/path/to/it.pem or env:VARIABLE (holding the PEM)")
                .contains(at(PATH + ".keys[1]", 13) + "the file /nonexistent/approvals.pub cannot be read (NoSuchFileException)")
                .contains(at(PATH + ".keys[2]", 13) + "the file " + privateKey + " holds no PEM public key (-----BEGIN PUBLIC KEY-----)")
                .contains(at(PATH + ".keys[3]", 13) + "the file " + notAKey + " holds a PEM block that is not an ECDSA, Ed25519 or RSA public key");
    }

    @Test
    @DisplayName("an unknown key in the gate, or a predicate field that is not a single value, stops start-up")
    void unknownAndNested() {
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [file:" + key + "], predicatetype: x }", false)))
                .contains(at(PATH + ".predicatetype", 13) + "'predicatetype' is not a known key here; the known keys are predicateType, keys, predicate");
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [file:" + key + "], predicate: { builder: { id: x } } }", false)))
                .contains(at(PATH + ".predicate.builder", 13) + "must be a single value, not a mapping");
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [file:" + key + "], predicate: [stage] }", false)))
                .contains(at(PATH + ".predicate", 13) + "must be the predicate's fields and their values, like { stage: test }, not a list");
    }

    @Test
    @DisplayName("may name keyless identities with the Fulcio root and the Rekor key instead of keys")
    void keyless() throws Exception {
        String root = Files.writeString(dir.resolve("fulcio.pem"), KeylessRulesTest.pem("CERTIFICATE", certificate())).toString();
        Stage prod = load(yaml("{ predicateType: https://slsa.dev/provenance/v1, identities: [{ issuer: https://token.actions.githubusercontent.com,"
                + " subjectRegExp: \"https://github\\\\.com/acme/.+\" }], fulcioRoot: file:" + root + ", rekor: { key: file:" + key + " } }", false))
                .requireStage("shop", "prod");

        assertThat(prod.gates().attestation()).isEqualTo(new Gates.Attestation("https://slsa.dev/provenance/v1", List.of(), Map.of(),
                new Gates.Keyless(List.of(new Gates.Identity("https://token.actions.githubusercontent.com", null, null, "https://github\\.com/acme/.+")),
                        "file:" + root, "file:" + key)));
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, identities: [{ issuer: https://accounts.example.com,"
                + " subject: ci@example.com }] }", false))).contains(at(PATH, 13) + "keyless identities need trustedRoot: file:/etc/signoff/trusted_root.json");
        assertThat(problemsOf(yaml("{ predicateType: https://slsa.dev/provenance/v1, keys: [file:" + key + "], rekor: { key: file:" + key + " } }", false)))
                .contains(at(PATH + ".rekor", 13) + "rekor is only used to check keyless attestations; add identities: [{ issuer, subject }] or remove it");
    }

    private static byte[] certificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        java.security.KeyPair keys = generator.generateKeyPair();
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=sigstore,O=sigstore.dev");
        return new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                java.util.Date.from(java.time.Instant.parse("2025-01-01T00:00:00Z")), java.util.Date.from(java.time.Instant.parse("2035-01-01T00:00:00Z")),
                name, keys.getPublic()).build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                .getEncoded();
    }
}
