package dev.signoff.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.registry.TestImages.Image;
import dev.signoff.registry.TestImages.Kind;

/**
 * An index that lists an index: the child manifests are read and written several at a time, and
 * still each before the index that lists it (docker-registry refuses an index whose manifests it
 * does not have).
 */
class NestedIndexTest {
    @RegisterExtension
    static final TwoRegistries registries = new TwoRegistries();

    @TempDir
    Path work;

    @Test
    @DisplayName("copies an index of an index to another registry, every manifest byte for byte, the inner index after its platforms")
    void indexOfAnIndex() throws Exception {
        Image inner = TestImages.small(Kind.OCI_INDEX, work.resolve("inner"), 41);
        TestImages.push(inner, registries.open, "shop", "inner");
        byte[] outer = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_INDEX
                + "\",\"digest\":\"" + inner.digest() + "\",\"size\":" + inner.top().length + "}]}").getBytes(StandardCharsets.UTF_8);
        Digest outerDigest = Digest.sha256Of(outer);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> pushed = http.send(HttpRequest.newBuilder(URI.create("http://" + registries.open.host() + "/v2/shop/manifests/outer"))
                    .header("Content-Type", MediaTypes.OCI_INDEX).PUT(HttpRequest.BodyPublishers.ofByteArray(outer)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(pushed.statusCode()).isEqualTo(201);
        }
        RegistryClient client = new RegistryClient(RegistryFixtures.pipelines(RegistryFixtures.named("open", registries.open, null),
                RegistryFixtures.named("secure", registries.secure, "env:CREDS")),
                RegistryFixtures.fast(Map.of("CREDS", TwoRegistries.USER + ":" + TwoRegistries.PASSWORD), RegistrySettings.ExchangeObserver.NONE));

        client.copy(ImageRef.parse("open/shop@" + outerDigest), ImageRef.parse("secure/nested:v1"), detail -> { });

        assertThat(registries.secure.manifest("nested", "v1").body()).isEqualTo(outer);
        assertThat(registries.secure.manifest("nested", inner.digest().toString()).body()).isEqualTo(inner.top());
        inner.children().forEach((digest, bytes) -> assertThat(registries.secure.manifest("nested", digest.toString()).body()).isEqualTo(bytes));
        for (Digest blob : inner.blobs().keySet()) {
            assertThat(registries.secure.get("/v2/nested/blobs/" + blob, "*/*").statusCode()).as("blob %s", blob).isEqualTo(200);
        }
    }
}
