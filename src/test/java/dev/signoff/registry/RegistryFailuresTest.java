package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.StepFailure;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

@DisplayName("Registry failures are clear about which registry, which repository and what went wrong")
class RegistryFailuresTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    static Path work;

    static RegistryClient client;
    static Image image;
    static int closedPort;

    @BeforeAll
    static void setUp() throws Exception {
        closedPort = LocalRegistry.freePort();
        Path emptyDockerConfig = work.resolve("no-docker-config");
        client = new RegistryClient(RegistryFixtures.pipelines(
                RegistryFixtures.named("open", registries.open, null),
                RegistryFixtures.named("secure", registries.secure, "env:GOOD"),
                RegistryFixtures.named("secure-bad", registries.secure, "env:BAD"),
                RegistryFixtures.named("secure-anonymous", registries.secure, null),
                RegistryFixtures.named("secure-unset", registries.secure, "env:NOT_SET"),
                RegistryFixtures.named("secure-inline", registries.secure, "signoff:hunter2"),
                RegistryFixtures.named("secure-nofile", registries.secure, "file:" + work.resolve("missing")),
                new RegistryConfig("down", "127.0.0.1:" + closedPort, true, null),
                new RegistryConfig("tls", registries.open.host(), false, null)),
                RegistryFixtures.fast(Map.of("GOOD", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD, "BAD", TwoRegistries.USER + ":wrong-Pa55",
                        "DOCKER_CONFIG", emptyDockerConfig.toString()), RegistrySettings.ExchangeObserver.NONE));
        image = TestImages.small(Kind.OCI_INDEX, work.resolve("image"), 42);
        TestImages.push(image, registries.open, "shop", "dev");
        TestImages.push(image, registries.secure, "shop", "dev");
    }

    @Test
    @DisplayName("refused credentials name the registry and repository, are not retryable and never show the password")
    void badCredentials() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("secure-bad/shop:dev")));
        assertThat(failure.getMessage())
                .startsWith("registry secure-bad (" + registries.secure.host() + "), repository shop: ")
                .contains("credentials were refused (401)")
                .doesNotContain("wrong-Pa55");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("a registry that wants credentials when none are configured says how to configure them")
    void missingCredentials() {
        assertThatThrownBy(() -> client.resolve(ImageRef.parse("secure-anonymous/shop:dev")))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("registry secure-anonymous (" + registries.secure.host() + "), repository shop")
                .hasMessageContaining("authentication required (401)")
                .hasMessageContaining("env:VAR / file:/path");
    }

    @Test
    @DisplayName("credential references that cannot be read say why, and inline credentials are refused without echoing them")
    void unreadableCredentialReferences() {
        assertThatThrownBy(() -> client.resolve(ImageRef.parse("secure-unset/shop:dev")))
                .hasMessageContaining("registry secure-unset").hasMessageContaining("environment variable NOT_SET is not set");
        assertThatThrownBy(() -> client.resolve(ImageRef.parse("secure-nofile/shop:dev")))
                .hasMessageContaining("credentials file:").hasMessageContaining("no such file");
        assertThatThrownBy(() -> client.resolve(ImageRef.parse("secure-inline/shop:dev")))
                .hasMessageContaining("must be a reference, env:VAR or file:/path").message().doesNotContain("hunter2");
    }

    @Test
    @DisplayName("a missing tag is named, and not retryable")
    void missingTag() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("open/shop:nope")));
        assertThat(failure.getMessage()).isEqualTo("registry open (" + registries.open.host() + "), repository shop: no tag 'nope'");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("copying a digest the source does not have says so")
    void missingDigest() {
        Digest absent = Digest.sha256Of("nothing here");
        assertThatThrownBy(() -> client.copy(ImageRef.parse("open/shop@" + absent), ImageRef.parse("open/shop:test"), detail -> { }))
                .hasMessage("registry open (" + registries.open.host() + "), repository shop: no manifest " + absent);
    }

    @Test
    @DisplayName("a registry name that is not in pipelines.yaml lists the known ones")
    void unknownRegistry() {
        assertThatThrownBy(() -> client.resolve(ImageRef.parse("nowhere/shop:dev")))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("registry nowhere is not defined in the pipelines config; the registries are down, open, secure,");
    }

    @Test
    @DisplayName("a registry that does not answer is a retryable failure after the retries")
    void unreachableRegistry() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("down/shop:dev")));
        assertThat(failure.getMessage()).startsWith("registry down (127.0.0.1:" + closedPort + "), repository shop: looking up dev: cannot connect")
                .endsWith("after 4 attempts");
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    @DisplayName("a registry not marked insecure is spoken to over HTTPS only, with a hint when it speaks plain HTTP")
    void httpsUnlessInsecure() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("tls/shop:dev")));
        assertThat(failure.getMessage()).startsWith("registry tls (" + registries.open.host() + "), repository shop: looking up dev: TLS failed")
                .endsWith("if the registry speaks plain HTTP, mark it insecure: true");
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    @DisplayName("deleting a tag deletes its manifest where the registry allows it and no other tag shares it")
    void deletesTags() {
        TestImages.push(image, registries.open, "sunset", "prod");
        client.deleteTag(ImageRef.parse("open/sunset:prod"));
        assertThatThrownBy(() -> client.resolve(ImageRef.parse("open/sunset:prod"))).hasMessageEndingWith("no tag 'prod'");
        client.deleteTag(ImageRef.parse("open/sunset:prod"));
    }

    @Test
    @DisplayName("deleting a tag that shares its manifest with another tag refuses and deletes nothing")
    void keepsSharedManifests() {
        TestImages.push(image, registries.open, "shared", "test");
        client.copy(ImageRef.parse("open/shared@" + image.digest()), ImageRef.parse("open/shared:prod"), detail -> { });

        assertThatThrownBy(() -> client.deleteTag(ImageRef.parse("open/shared:prod")))
                .hasMessageContaining("repository shared: cannot remove only tag 'prod'")
                .hasMessageContaining("test also points at " + image.digest().shortForm());
        assertThat(client.resolve(ImageRef.parse("open/shared:prod"))).isEqualTo(image.digest());
        assertThat(client.resolve(ImageRef.parse("open/shared:test"))).isEqualTo(image.digest());
    }

    @Test
    @DisplayName("a registry that forbids deletes says how to enable them")
    void deletesDisabled() {
        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.deleteTag(ImageRef.parse("secure/shop:dev")));
        assertThat(failure.getMessage()).isEqualTo("registry secure (" + registries.secure.host() + "), repository shop: secure does not allow deletes; "
                + "enable them in the registry (distribution: storage.delete.enabled: true, or REGISTRY_STORAGE_DELETE_ENABLED=true)");
        assertThat(failure.retryable()).isFalse();
    }
}
