package dev.signoff.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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

/** Faults injected by WireMock, proxying to a real registry, on the way to another real registry. */
@DisplayName("Transient registry faults are retried and the copy still keeps every byte")
class RegistryFaultsTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    static Path work;

    static WireMockServer flaky;
    static RegistryClient client;
    static Image image;

    @BeforeAll
    static void setUp() {
        flaky = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        flaky.start();
        image = TestImages.small(Kind.OCI_INDEX, work.resolve("image"), 7);
        TestImages.push(image, registries.open, "shop", "dev");
        client = new RegistryClient(RegistryFixtures.pipelines(
                new RegistryConfig("flaky", "127.0.0.1:" + flaky.port(), true, null),
                RegistryFixtures.named("secure", registries.secure, "env:CREDS")),
                RegistryFixtures.fast(Map.of("CREDS", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD), RegistrySettings.ExchangeObserver.NONE)
                        .withRequestTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        flaky.stop();
    }

    @BeforeEach
    void proxyEverything() {
        flaky.resetAll();
        flaky.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom("http://" + registries.open.host())));
    }

    /** The first matching request gets {@code fault}; later ones go through to the real registry. */
    private void once(String name, com.github.tomakehurst.wiremock.client.MappingBuilder request, ResponseDefinitionBuilder fault) {
        flaky.stubFor(request.atPriority(1).inScenario(name).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("passed").willReturn(fault));
    }

    @Test
    @DisplayName("retries a 503, a 429 with Retry-After, a connection reset and a slow answer")
    void retriesTransientFaults() {
        List<Digest> blobs = new ArrayList<>(image.blobs().keySet());
        List<Digest> children = new ArrayList<>(image.children().keySet());
        once("index", get(urlEqualTo("/v2/shop/manifests/" + image.digest())), aResponse().withStatus(503));
        once("rate", get(urlEqualTo("/v2/shop/blobs/" + blobs.get(0))), aResponse().withStatus(429).withHeader("Retry-After", "1"));
        once("reset", get(urlEqualTo("/v2/shop/blobs/" + blobs.get(1))), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        once("slow", get(urlEqualTo("/v2/shop/manifests/" + children.get(0))), aResponse().withFixedDelay(2500)
                .proxiedFrom("http://" + registries.open.host()));
        long start = System.nanoTime();

        String summary = client.copy(ImageRef.parse("flaky/shop@" + image.digest()), ImageRef.parse("secure/faults:v1"), detail -> { });

        assertThat(summary).startsWith("copied " + image.blobs().size() + " of " + image.blobs().size() + " blobs");
        RegistryCopyTest.assertSameBytes(registries.secure, "faults", "v1", image);
        flaky.verify(2, getRequestedFor(urlEqualTo("/v2/shop/manifests/" + image.digest())));
        flaky.verify(2, getRequestedFor(urlEqualTo("/v2/shop/blobs/" + blobs.get(0))));
        flaky.verify(2, getRequestedFor(urlEqualTo("/v2/shop/blobs/" + blobs.get(1))));
        flaky.verify(2, getRequestedFor(urlEqualTo("/v2/shop/manifests/" + children.get(0))));
        flaky.verify(1, getRequestedFor(urlEqualTo("/v2/shop/blobs/" + blobs.get(2))));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("Retry-After honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("does not retry a 403 and says access was denied")
    void noRetryOnForbidden() {
        flaky.stubFor(get(urlEqualTo("/v2/shop/manifests/" + image.digest())).atPriority(1).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}")));

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> client.copy(ImageRef.parse("flaky/shop@" + image.digest()), ImageRef.parse("secure/faults:denied"), detail -> { }));

        assertThat(failure.getMessage()).isEqualTo("registry flaky (127.0.0.1:" + flaky.port() + "), repository shop: reading manifest "
                + image.digest() + ": access denied (403) (DENIED: requested access to the resource is denied)");
        assertThat(failure.retryable()).isFalse();
        flaky.verify(1, getRequestedFor(urlEqualTo("/v2/shop/manifests/" + image.digest())));
    }

    @Test
    @DisplayName("gives up on a registry that keeps answering 503, with a retryable failure that counts the attempts")
    void givesUpAfterRetries() {
        flaky.stubFor(head(urlEqualTo("/v2/shop/manifests/dev")).atPriority(1).willReturn(aResponse().withStatus(503)));

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> client.resolve(ImageRef.parse("flaky/shop:dev")));

        assertThat(failure.getMessage()).isEqualTo("registry flaky (127.0.0.1:" + flaky.port() + "), repository shop: looking up dev: the registry answered 503 after 4 attempts");
        assertThat(failure.retryable()).isTrue();
        flaky.verify(4, headRequestedFor(urlEqualTo("/v2/shop/manifests/dev")));
    }

    @Test
    @DisplayName("refuses a blob whose bytes do not match its digest and leaves nothing behind")
    void refusesCorruptBlobs() {
        Digest layer = new ArrayList<>(image.blobs().keySet()).get(0);
        byte[] wrong = new byte[image.blobs().get(layer).intValue()];
        flaky.stubFor(get(urlEqualTo("/v2/shop/blobs/" + layer)).atPriority(1).willReturn(aResponse().withStatus(200).withBody(wrong)));

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> client.copy(ImageRef.parse("flaky/shop@" + image.digest()), ImageRef.parse("secure/corrupt:v1"), detail -> { }));

        assertThat(failure.getMessage()).startsWith("registry flaky (127.0.0.1:" + flaky.port() + "), repository shop: blob " + layer
                + " is corrupt: its content has digest " + Digest.sha256Of(wrong));
        assertThat(registries.secure.get("/v2/corrupt/blobs/" + layer, "*/*").statusCode()).isEqualTo(404);
        assertThat(registries.secure.manifest("corrupt", "v1").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a blob download that stalls half way is abandoned and copied again")
    void retriesStalledDownloads() throws Exception {
        Digest layer = new ArrayList<>(image.blobs().keySet()).get(0);
        byte[] bytes = java.nio.file.Files.readAllBytes(image.dir().resolve(layer.hex()));
        once("stall", get(urlEqualTo("/v2/shop/blobs/" + layer)), aResponse().withStatus(200).withBody(bytes).withChunkedDribbleDelay(2, 6000));
        long start = System.nanoTime();

        String summary = client.copy(ImageRef.parse("flaky/shop@" + image.digest()), ImageRef.parse("secure/stalled:v1"), detail -> { });

        assertThat(summary).startsWith("copied " + image.blobs().size() + " of " + image.blobs().size() + " blobs");
        RegistryCopyTest.assertSameBytes(registries.secure, "stalled", "v1", image);
        flaky.verify(2, getRequestedFor(urlEqualTo("/v2/shop/blobs/" + layer)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("abandoned before the dribble ends").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("an abort during a slow copy stops it before the tag is written: the destination tag stays where it was")
    void abortedCopyLeavesTheTag() throws Exception {
        Image old = TestImages.small(Kind.OCI_MANIFEST, work.resolve("old"), 11);
        TestImages.push(old, registries.open, "shop", "old");
        client.copy(ImageRef.parse("flaky/shop@" + old.digest()), ImageRef.parse("secure/aborted:v1"), detail -> { });
        for (Digest blob : image.blobs().keySet()) {
            byte[] bytes = java.nio.file.Files.readAllBytes(image.dir().resolve(blob.hex()));
            flaky.stubFor(get(urlEqualTo("/v2/shop/blobs/" + blob)).atPriority(1)
                    .willReturn(aResponse().withStatus(200).withBody(bytes).withChunkedDribbleDelay(20, 8000)));
        }
        java.util.concurrent.atomic.AtomicBoolean aborted = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch copying = new java.util.concurrent.CountDownLatch(1);
        dev.signoff.promotion.spi.ProgressListener listener = new dev.signoff.promotion.spi.ProgressListener() {
            @Override
            public void progress(String detail) {
                copying.countDown();
            }

            @Override
            public void checkStopped() {
                if (aborted.get()) {
                    throw new dev.signoff.promotion.spi.Deployer.Aborted("aborted by bob");
                }
            }
        };
        java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        java.util.concurrent.Future<String> copy = background.submit(
                () -> client.copy(ImageRef.parse("flaky/shop@" + image.digest()), ImageRef.parse("secure/aborted:v1"), listener));
        assertThat(copying.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();

        aborted.set(true);

        Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> copy.get(20, java.util.concurrent.TimeUnit.SECONDS)).getCause();
        assertThat(failure).isInstanceOf(StepFailure.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopped well before the dribble ends").isLessThan(Duration.ofSeconds(5));
        background.close();
        assertThat(registries.secure.manifest("aborted", "v1").headers().firstValue("Docker-Content-Digest")).contains(old.digest().toString());
    }
}
