package dev.signoff.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.signoff.promotion.Gates;
import dev.signoff.promotion.Stage;

@DisplayName("gates.signature and gates.attestation keyless: trustedRoot instead of fulcioRoot and rekor")
class TrustedRootRulesTest extends PipelinesFileTestSupport {
    static final String PATH = "apps.shop.stages[0].gates.signature";
    static final String IDENTITY = "identities: [{ issuer: https://github.com/login/oauth, subject: cody@soyland.com }]";
    ObjectNode real;
    String root;

    @BeforeEach
    void realRoot() throws Exception {
        Path vector = Path.of(getClass().getResource("/sigstore-bundles/cosign-oci-attestation/trusted_root_pgi.json").toURI());
        real = (ObjectNode) JsonMapper.shared().readTree(vector.toFile());
        root = Files.copy(vector, dir.resolve("trusted_root.json")).toString();
    }

    /** A one-stage pipeline with {@code gates: { <gate> }} on line 9. */
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
                        gates: { %s }
                """.formatted(gate);
    }

    /** The real root with {@code change} applied, written to {@code name}: its path. */
    String changed(String name, Consumer<ObjectNode> change) throws Exception {
        ObjectNode copy = (ObjectNode) real.deepCopy();
        change.accept(copy);
        return Files.writeString(dir.resolve(name), JsonMapper.shared().writeValueAsString(copy)).toString();
    }

    String problemOf(String trustedRoot) {
        return problemsOf(yaml("signature: { " + IDENTITY + ", trustedRoot: " + trustedRoot + " }"));
    }

    @Test
    @DisplayName("is read in both gates, from a file read now or an environment variable")
    void read() {
        Stage stage = load(yaml("signature: { " + IDENTITY + ", trustedRoot: file:" + root + " }, attestation: { predicateType: https://slsa.dev/provenance/v1, "
                + IDENTITY + ", trustedRoot: env:TRUSTED_ROOT }")).requireStage("shop", "dev");
        List<Gates.Identity> cody = List.of(new Gates.Identity("https://github.com/login/oauth", "cody@soyland.com"));

        assertThat(stage.gates().keyless()).isEqualTo(Gates.Keyless.fromTrustedRoot(cody, "file:" + root));
        assertThat(stage.gates().keyless().fulcioRoot()).isNull();
        assertThat(stage.gates().attestation()).isEqualTo(new Gates.Attestation("https://slsa.dev/provenance/v1", List.of(), Map.of(),
                Gates.Keyless.fromTrustedRoot(cody, "env:TRUSTED_ROOT")));
    }

    @Test
    @DisplayName("with fulcioRoot or rekor too, or with neither form, start-up stops")
    void oneForm() {
        assertThat(problemsOf(yaml("signature: { " + IDENTITY + ", trustedRoot: file:" + root + ", rekor: { key: env:REKOR_KEY } }")))
                .contains(at(PATH, 9) + "give trustedRoot, or fulcioRoot and rekor, not both: the trusted root holds the Fulcio certificates and the Rekor keys");
        assertThat(problemsOf(yaml("signature: { " + IDENTITY + " }"))).contains(at(PATH, 9) + "keyless identities need trustedRoot:"
                + " file:/etc/signoff/trusted_root.json (a Sigstore trusted root, as cosign trusted-root create writes it), or fulcioRoot:"
                + " file:/etc/signoff/fulcio.pem and rekor: { key: file:/etc/signoff/rekor.pub }: offline checks need them");
        assertThat(problemsOf(yaml("attestation: { predicateType: https://slsa.dev/provenance/v1, keys: [env:KEY], trustedRoot: file:" + root + " }")))
                .contains(at("apps.shop.stages[0].gates.attestation.trustedRoot", 9)
                        + "trustedRoot is only used to check keyless attestations; add identities: [{ issuer, subject }] or remove it");
    }

    @Test
    @DisplayName("a file that cannot be read, is not JSON or is not a trusted root stops start-up, naming the file")
    void notATrustedRoot() throws Exception {
        String notJson = Files.writeString(dir.resolve("root.pem"), "-----BEGIN CERTIFICATE-----").toString();
        String bundle = changed("bundle.json", copy -> copy.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"));

        assertThat(problemOf("file:/nonexistent/trusted_root.json"))
                .contains(at(PATH + ".trustedRoot", 9) + "the file /nonexistent/trusted_root.json cannot be read (NoSuchFileException)");
        assertThat(problemOf("file:" + notJson)).contains(at(PATH + ".trustedRoot", 9) + "the file " + notJson + " is not JSON");
        assertThat(problemOf("file:" + bundle)).contains(at(PATH + ".trustedRoot", 9) + "the file " + bundle + " is not a Sigstore trusted root"
                + " (mediaType 'application/vnd.dev.sigstore.bundle.v0.3+json', not application/vnd.dev.sigstore.trustedroot+json;version=0.1)");
        assertThat(problemOf("'{ \"mediaType\": \"application/vnd.dev.sigstore.trustedroot+json;version=0.1\" }'"))
                .contains(at(PATH + ".trustedRoot", 9) + "a trusted root is named, not written inline: give file:/etc/signoff/trusted_root.json"
                        + " or env:VARIABLE (holding the JSON)");
    }

    @Test
    @DisplayName("a root without a certificate authority, or with neither a transparency log nor a timestamp authority, stops start-up")
    void incomplete() throws Exception {
        String noAuthority = changed("no-ca.json", copy -> copy.remove("certificateAuthorities"));
        String neither = changed("no-tlog.json", copy -> copy.putArray("tlogs"));

        assertThat(problemOf("file:" + noAuthority)).contains(at(PATH + ".trustedRoot", 9) + "the file " + noAuthority
                + " has no certificate authority (certificateAuthorities): keyless certificates would chain to nothing");
        assertThat(problemOf("file:" + neither)).contains(at(PATH + ".trustedRoot", 9) + "the file " + neither
                + " has neither a transparency log (tlogs) nor a timestamp authority (timestampAuthorities): nothing would vouch for when a signature was made");
    }

    @Test
    @DisplayName("a root without tlogs but with timestamp authorities (as GitHub's) is accepted")
    void timestampAuthoritiesOnly() throws Exception {
        ObjectNode authority = JsonMapper.shared().createObjectNode();
        authority.put("uri", "https://timestamp.githubapp.com");
        authority.putObject("certChain").putArray("certificates").add(real.path("certificateAuthorities").path(1).path("certChain").path("certificates").path(0));
        String githubLike = changed("tsa-only.json", copy -> {
            copy.putArray("tlogs");
            copy.putArray("timestampAuthorities").add(authority);
        });

        Stage stage = load(yaml("signature: { " + IDENTITY + ", trustedRoot: file:" + githubLike + " }")).requireStage("shop", "dev");

        assertThat(stage.gates().keyless().trustedRoots()).containsExactly("file:" + githubLike);
    }

    @Test
    @DisplayName("a certificate, a key or a validFor time that does not parse stops start-up, naming which")
    void unparsable() throws Exception {
        String certificate = changed("bad-certificate.json", copy -> ((ObjectNode) copy.path("certificateAuthorities").path(1).path("certChain")
                .path("certificates").path(1)).put("rawBytes", "bm90IGEgY2VydGlmaWNhdGU="));
        String key = changed("bad-key.json", copy -> ((ObjectNode) copy.path("tlogs").path(0).path("publicKey")).put("rawBytes", "bm90IGEga2V5"));
        String time = changed("bad-time.json", copy -> ((ObjectNode) copy.path("tlogs").path(0).path("publicKey").path("validFor"))
                .put("start", "12 January 2021"));

        assertThat(problemOf("file:" + certificate)).contains(at(PATH + ".trustedRoot", 9) + "the file " + certificate
                + " has certificate authority 2 (https://fulcio.sigstore.dev) whose certificate 2 is not a base64 DER X.509 certificate");
        assertThat(problemOf("file:" + key)).contains(at(PATH + ".trustedRoot", 9) + "the file " + key + " has transparency log 1"
                + " (https://rekor.sigstore.dev) whose publicKey.rawBytes is not an ECDSA, Ed25519 or RSA public key (base64 DER SubjectPublicKeyInfo)");
        assertThat(problemOf("file:" + time)).contains(at(PATH + ".trustedRoot", 9) + "the file " + time + " has transparency log 1"
                + " (https://rekor.sigstore.dev)'s publicKey whose validFor.start '12 January 2021' is not an RFC 3339 time");
    }

    @Test
    @DisplayName("a list of roots (GitHub's and the public-good one) is read in order; a single reference stays one root")
    void list() throws Exception {
        String github = changed("github.json", copy -> copy.put("mediaType", "application/vnd.dev.sigstore.trustedroot.v0.1+json"));
        Stage stage = load(yaml("signature: { " + IDENTITY + ", trustedRoot: [file:" + github + ", file:" + root + "] }, attestation: {"
                + " predicateType: https://slsa.dev/provenance/v1, " + IDENTITY + ", trustedRoot: [env:TRUSTED_ROOT] }")).requireStage("shop", "dev");
        List<Gates.Identity> cody = List.of(new Gates.Identity("https://github.com/login/oauth", "cody@soyland.com"));

        assertThat(stage.gates().keyless()).isEqualTo(Gates.Keyless.fromTrustedRoots(cody, List.of("file:" + github, "file:" + root)));
        assertThat(stage.gates().attestation().keyless().trustedRoots()).containsExactly("env:TRUSTED_ROOT");
    }

    @Test
    @DisplayName("an empty list, or a list with an item that is not a usable root, stops start-up naming the item")
    void badList() throws Exception {
        String noAuthority = changed("no-ca.json", copy -> copy.remove("certificateAuthorities"));

        assertThat(problemOf("[]")).contains(at(PATH + ".trustedRoot", 9)
                + "needs at least one trusted root, like [file:/etc/signoff/github.json, file:/etc/signoff/public-good.json]");
        assertThat(problemOf("[file:" + root + ", file:" + noAuthority + "]")).contains(at(PATH + ".trustedRoot[1]", 9) + "the file " + noAuthority
                + " has no certificate authority (certificateAuthorities): keyless certificates would chain to nothing");
        assertThat(problemOf("[env:TRUSTED_ROOT, '{ \"mediaType\": \"x\" }']")).contains(at(PATH + ".trustedRoot[1]", 9)
                + "a trusted root is named, not written inline: give file:/etc/signoff/trusted_root.json or env:VARIABLE (holding the JSON)");
        assertThat(problemOf("{ file: " + root + " }")).contains(at(PATH + ".trustedRoot", 9) + "must be a list, not a mapping");
    }
}
