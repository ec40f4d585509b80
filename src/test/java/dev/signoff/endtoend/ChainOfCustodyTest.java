package dev.signoff.endtoend;

import dev.signoff.registry.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chain of custody through the running application and two real registries: dev and test attest
 * their approvals with {@code signoff.attestations.key}; prod admits only a digest carrying
 * Signoff's approval attestation for test, checked with that key's public half. A digest approved
 * for test gets a prod card that says so and is promoted; one that skipped test (approved for dev
 * only, or never promoted at all) gets no card, and the answer says why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:custody;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
@DirtiesContext
@DisplayName("Chain of custody: prod admits only what Signoff attested for test")
class ChainOfCustodyTest {
    private static final Path KEYS = keys();
    private static final String PIPELINES = """
            people:
              alice: { console: alice }
              carol: { console: carol }
              bob:   { console: bob }
            registries:
              sandbox:    { host: "{sandbox}", insecure: true }
              enterprise: { host: "{enterprise}", insecure: true }
            apps:
              shop:
                channel: { console: shop }
                stages:
                  - name: dev
                    image: sandbox/shop:dev
                    approval: none
                    attest: true
                  - name: test
                    image: enterprise/shop:test
                    approval: { required: 1, approvers: [carol] }
                    attest: true
                  - name: prod
                    image: enterprise/shop:prod
                    approval: { required: 1, approvers: [bob] }
                    gates:
                      attestation:
                        predicateType: https://signoff.dev/attestations/approval/v1
                        keys: [file:{keys}/attestation.pub]
                        predicate: { stage: test }
            """.replace("{keys}", KEYS.toString());
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    static final RealAdapters adapters = new RealAdapters(PIPELINES);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void pipelines(DynamicPropertyRegistry registry) {
        registry.add("signoff.pipelines", adapters::pipelines);
        registry.add("signoff.attestations.key", () -> "file:" + KEYS.resolve("attestation.key"));
    }

    /** Signoff's attestation key pair, as {@code openssl genpkey} and {@code openssl pkey -pubout} write it. */
    private static Path keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Path folder = Files.createTempDirectory("signoff-custody-");
            Files.writeString(folder.resolve("attestation.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(folder.resolve("attestation.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @AfterAll
    static void removeKeys() throws IOException {
        for (String file : List.of("attestation.key", "attestation.pub")) {
            Files.deleteIfExists(KEYS.resolve(file));
        }
        Files.deleteIfExists(KEYS);
    }

    @Test
    @DisplayName("dev → test (attested) → prod: the prod card names the attestation, and the copy checks it again; what skipped test gets no card")
    void onlyWhatWasApprovedForTestReachesProd() throws Exception {
        Console console = new Console(port);
        TestImages.Image approved = TestImages.small(TestImages.Kind.OCI_INDEX, adapters.folder("approved"), 1301);
        TestImages.push(approved, adapters.sandbox, "shop", "1.0");
        TestImages.Image skipped = TestImages.small(TestImages.Kind.OCI_MANIFEST, adapters.folder("skipped"), 1302);
        TestImages.push(skipped, adapters.sandbox, "shop", "1.1");
        TestImages.Image hotfix = TestImages.small(TestImages.Kind.OCI_MANIFEST, adapters.folder("hotfix"), 1303);
        TestImages.push(hotfix, adapters.enterprise, "shop", "hotfix");

        console.say("alice", "shop", "/signoff promote shop 1.0 to dev");
        awaitDone(console, "Promote shop to dev");
        console.say("alice", "shop", "/signoff promote shop to test");
        JsonNode testCard = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to test"), c -> c != null);
        console.click("carol", testCard.get("id").asString(), "approve");
        assertThat(awaitDone(console, "Promote shop to test")).startsWith("Done");

        String fingerprint = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Base64.getMimeDecoder().decode(Files.readString(KEYS.resolve("attestation.pub")).replaceAll("-----[A-Z ]+-----", "")))).substring(0, 16);
        JsonNode said = console.say("alice", "shop", "/signoff promote shop to prod");
        JsonNode prodCard = await().atMost(PATIENCE).until(() -> console.card("shop", "Promote shop to prod"), c -> c != null);
        assertThat(field(prodCard, "Digest")).as("answer: %s", said).isEqualTo(approved.digest().shortForm());
        assertThat(field(prodCard, "Plan")).endsWith("attested: approval/v1 by key " + fingerprint + " (stage test)");
        console.click("bob", prodCard.get("id").asString(), "approve");
        assertThat(awaitDone(console, "Promote shop to prod")).startsWith("Done");
        JsonNode promotion = console.latestPromotion("shop", "prod");
        assertThat(promotion.get("status").asString()).as("%s", promotion).isEqualTo("SUCCEEDED");
        assertThat(promotion.toString()).contains("verify attestation", "attested: approval/v1 by key " + fingerprint + " (stage test)");
        assertThat(adapters.enterprise.manifest("shop", "prod").body()).isEqualTo(approved.top());

        console.say("alice", "shop", "/signoff promote shop 1.1 to dev");
        awaitDone(console, "Promote shop to dev");
        String devOnly = answer(console.say("alice", "shop", "/signoff promote shop sandbox/shop@" + skipped.digest() + " to prod"));
        assertThat(devOnly).startsWith("Gate attestation: no attestation of " + skipped.digest().shortForm() + " counts: the stage needs "
                + "https://signoff.dev/attestations/approval/v1 with stage 'test', signed with one of its keys. Attestation sha256:")
                .endsWith("(in the .att tag): a valid attestation of this image by key " + fingerprint + " (file:" + KEYS.resolve("attestation.pub")
                        + "), but its predicate's stage is 'dev', not 'test'.");
        String never = answer(console.say("alice", "shop", "/signoff promote shop hotfix to prod"));
        assertThat(never).isEqualTo("Gate attestation: " + hotfix.digest().shortForm() + " has no attestation (no DSSE envelope in the tag sha256-"
                + hotfix.digest().hex() + ".att, and no DSSE envelope or Sigstore bundle among the referrers of the image in registry enterprise (" + adapters.enterprise.host() + "), repository shop).");
        assertThat(console.get("/api/promotions?app=shop&stage=prod")).as("one prod promotion: the approved digest's").hasSize(1);
    }

    private static String awaitDone(Console console, String title) {
        return await().atMost(PATIENCE).until(() -> console.cardStatus("shop", title),
                s -> s.startsWith("Done") || s.startsWith("Failed") || s.startsWith("Rolled back"));
    }

    /** Signoff's private answer to a command: the message after the command itself. */
    private static String answer(JsonNode said) {
        JsonNode answer = said.get("messages").get(1);
        assertThat(answer.get("private").asBoolean()).as("%s", said).isTrue();
        return answer.get("text").asString();
    }

    private static String field(JsonNode message, String label) {
        for (JsonNode f : message.get("card").get("fields")) {
            if (f.get("label").asString().equals(label)) {
                return f.get("value").asString();
            }
        }
        throw new AssertionError("no field " + label + " on " + message);
    }
}
