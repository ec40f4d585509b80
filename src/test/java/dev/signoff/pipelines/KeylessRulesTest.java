package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.PromotionKind;
import dev.signoff.promotion.Stage;

@DisplayName("gates.signature keyless: identities, fulcioRoot, rekor")
class KeylessRulesTest extends PipelinesFileTestSupport {
    String root;
    String rekor;

    @BeforeEach
    void trust() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=sigstore,O=sigstore.dev");
        byte[] certificate = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.parse("2025-01-01T00:00:00Z")),
                Date.from(Instant.parse("2035-01-01T00:00:00Z")), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        root = Files.writeString(dir.resolve("fulcio.pem"), pem("CERTIFICATE", certificate)).toString();
        rekor = Files.writeString(dir.resolve("rekor.pub"), pem("PUBLIC KEY", keys.getPublic().getEncoded())).toString();
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A one-stage pipeline whose signature gate is {@code gate} (a flow mapping). */
    String yaml(String gate) {
        return """
                registries:
                  sandbox: { host: localhost:5000 }
                apps:
                  shop:
                    stages:
                      - name: dev
                        image: sandbox/shop:dev
                        approval: none
                        gates:
                          signature: %s
                """.formatted(gate);
    }

    static final String PATH = "apps.shop.stages[0].gates.signature";

    @Test
    @DisplayName("are read with keys or without, and put the signature check in the plan")
    void read() {
        Stage stage = load(yaml("{ keys: [env:COSIGN_KEY], identities: [{ issuer: https://accounts.example.com, subject: release@example.com }],"
                + " fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")).requireStage("shop", "dev");
        Stage keyless = load(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }],"
                + " fulcioRoot: file:" + root + ", rekor: { key: env:REKOR_KEY } }")).requireStage("shop", "dev");

        assertThat(stage.gates().signatureKeys()).containsExactly("env:COSIGN_KEY");
        assertThat(stage.gates().keyless()).isEqualTo(new Gates.Keyless(List.of(new Gates.Identity("https://accounts.example.com", "release@example.com")),
                "file:" + root, "file:" + rekor));
        assertThat(keyless.gates().signatureKeys()).isEmpty();
        assertThat(keyless.gates().keyless().rekorKey()).isEqualTo("env:REKOR_KEY");
        assertThat(keyless.steps(PromotionKind.PROMOTE)).isEqualTo(List.of("verify signature", "copy"));
    }

    @Test
    @DisplayName("identities without fulcioRoot stop start-up")
    void noRoot() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }], rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH, 10) + "keyless identities need fulcioRoot: file:/etc/signoff/fulcio.pem, the Fulcio root certificate their certificates chain to");
    }

    @Test
    @DisplayName("identities without a Rekor key stop start-up")
    void noRekor() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }], fulcioRoot: file:" + root + " }")))
                .contains(at(PATH, 10) + "keyless identities need rekor: { key: file:/etc/signoff/rekor.pub }, the key that signs Rekor bundles: offline checks need it");
    }

    @Test
    @DisplayName("a fulcioRoot file that is not a PEM certificate stops start-up")
    void badRootPem() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }], fulcioRoot: file:" + rekor
                + ", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".fulcioRoot", 10) + "the file " + rekor + " is not a PEM certificate (-----BEGIN CERTIFICATE-----) of the Fulcio root");
    }

    @Test
    @DisplayName("a Rekor key file that holds no PEM public key stops start-up")
    void badRekorPem() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }], fulcioRoot: file:" + root
                + ", rekor: { key: file:" + root + " } }")))
                .contains(at(PATH + ".rekor.key", 10) + "the file " + root + " holds no PEM public key (-----BEGIN PUBLIC KEY-----)");
    }

    @Test
    @DisplayName("a fulcioRoot file that cannot be read stops start-up")
    void missingRoot() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }],"
                + " fulcioRoot: file:/nonexistent/fulcio.pem, rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".fulcioRoot", 10) + "the file /nonexistent/fulcio.pem cannot be read (NoSuchFileException)");
    }

    @Test
    @DisplayName("a Fulcio root written inline is refused")
    void inlineRoot() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com }],"
                + " fulcioRoot: \"-----BEGIN CERTIFICATE-----\", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".fulcioRoot", 10) + "a Fulcio root is named, not written inline: give file:/path/to/it.pem or env:VARIABLE (holding the PEM)");
    }

    @Test
    @DisplayName("fulcioRoot or rekor without identities is refused")
    void rootWithoutIdentities() {
        assertThat(problemsOf(yaml("{ keys: [env:COSIGN_KEY], fulcioRoot: file:" + root + " }")))
                .contains(at(PATH + ".fulcioRoot", 10) + "fulcioRoot is only used to check keyless signatures; add identities: [{ issuer, subject }] or remove it");
    }

    @Test
    @DisplayName("an identity without a subject is refused")
    void identityWithoutSubject() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com }], fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".identities[0]", 10) + "'subject' is required, like subject: release@example.com (an email or a URI)");
    }

    @Test
    @DisplayName("an empty list of identities is refused")
    void noIdentities() {
        assertThat(problemsOf(yaml("{ identities: [], fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".identities", 10) + "needs at least one identity, like [{ issuer: https://accounts.google.com, subject: release@example.com }]");
    }

    @Test
    @DisplayName("a gate with neither keys nor identities is refused")
    void nothing() {
        assertThat(problemsOf(yaml("{ }"))).contains(at(PATH, 10) + "the signature gate needs at least one key or identity, like { keys:");
    }

    @Test
    @DisplayName("an identity may give subjectRegExp or issuerRegExp instead of subject or issuer")
    void patterns() {
        Stage stage = load(yaml("{ identities: [{ issuer: https://token.actions.githubusercontent.com,"
                + " subjectRegExp: \"^https://github\\\\.com/acme/[^/]+/\\\\.github/workflows/release\\\\.yml@refs/tags/v.*$\" },"
                + " { issuerRegExp: \"https://accounts\\\\.(google|example)\\\\.com\", subject: release@example.com }],"
                + " fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")).requireStage("shop", "dev");

        assertThat(stage.gates().keyless().identities()).containsExactly(
                new Gates.Identity("https://token.actions.githubusercontent.com", null, null,
                        "^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/tags/v.*$"),
                new Gates.Identity(null, "release@example.com", "https://accounts\\.(google|example)\\.com", null));
        assertThat(stage.gates().keyless().identities().getFirst().isSubject("https://github.com/acme/shop/.github/workflows/release.yml@refs/tags/v1.2")).isTrue();
        assertThat(stage.gates().keyless().identities().getFirst().isSubject("https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main"))
                .isFalse();
        assertThat(stage.gates().keyless().identities().getFirst().toString()).isEqualTo("a match of subjectRegExp"
                + " '^https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/tags/v.*$' via https://token.actions.githubusercontent.com");
    }

    @Test
    @DisplayName("a regular expression that does not compile stops start-up, naming the file, the key and the reason")
    void badPattern() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subjectRegExp: \"release@(example.com\" }],"
                + " fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".identities[0].subjectRegExp", 10) + "'release@(example.com' is not a regular expression: Unclosed group at index 20");
    }

    @Test
    @DisplayName("an identity with both subject and subjectRegExp, or both issuer and issuerRegExp, stops start-up")
    void bothExactAndPattern() {
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, subject: release@example.com, subjectRegExp: \".*\" }],"
                + " fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".identities[0]", 10) + "give subject or subjectRegExp, not both");
        assertThat(problemsOf(yaml("{ identities: [{ issuer: https://accounts.example.com, issuerRegExp: \".*\", subject: release@example.com }],"
                + " fulcioRoot: file:" + root + ", rekor: { key: file:" + rekor + " } }")))
                .contains(at(PATH + ".identities[0]", 10) + "give issuer or issuerRegExp, not both");
    }
}
