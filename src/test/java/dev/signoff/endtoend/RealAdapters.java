package dev.signoff.endtoend;

import dev.signoff.kubernetes.MockCluster;
import dev.signoff.registry.LocalRegistry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the application's real adapters talk to, for one test class: two real registries
 * ({@code sandbox} and {@code enterprise}, Debian's docker-registry on 127.0.0.1) and fabric8's
 * mock API server. It writes a kubeconfig whose context {@value #CONTEXT} points at the mock
 * server and names it in the {@code kubeconfig} system property (what fabric8 reads before
 * {@code KUBECONFIG}), and writes the pipelines file from the test's template, where
 * {@code {sandbox}} and {@code {enterprise}} stand for the registries' host:port. Register with
 * {@code @RegisterExtension static final RealAdapters adapters = new RealAdapters(template)} and
 * hand {@link #pipelines()} to the application as {@code signoff.pipelines}.
 */
final class RealAdapters implements BeforeAllCallback, AfterAllCallback {
    static final String CONTEXT = "signoff-mock";
    private static final String KUBECONFIG_PROPERTY = "kubeconfig";

    private final String template;
    private Path folder;
    private Path pipelines;
    private String kubeconfigBefore;
    LocalRegistry sandbox;
    LocalRegistry enterprise;
    MockCluster cluster;

    RealAdapters(String template) {
        this.template = template;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("signoff-endtoend-");
        sandbox = LocalRegistry.startWith("sandbox", "");
        enterprise = LocalRegistry.startWith("enterprise", "");
        cluster = new MockCluster();
        Path kubeconfig = cluster.writeKubeconfig(folder.resolve("kubeconfig"), CONTEXT);
        kubeconfigBefore = System.getProperty(KUBECONFIG_PROPERTY);
        System.setProperty(KUBECONFIG_PROPERTY, kubeconfig.toString());
        pipelines = Files.writeString(folder.resolve("pipelines.yaml"), template
                .replace("{sandbox}", sandbox.host())
                .replace("{enterprise}", enterprise.host())
                .replace("{context}", CONTEXT));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kubeconfigBefore == null) {
            System.clearProperty(KUBECONFIG_PROPERTY);
        } else {
            System.setProperty(KUBECONFIG_PROPERTY, kubeconfigBefore);
        }
        for (AutoCloseable closeable : new AutoCloseable[] {cluster, enterprise, sandbox}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // the next one still gets closed
            }
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    /** The pipelines file written from the template. */
    String pipelines() {
        return pipelines.toString();
    }

    /** A folder for test images, removed after the class. */
    Path folder(String name) {
        try {
            return Files.createDirectories(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HEAD of a blob in {@code registry}, as the registry answers it to anyone (no Signoff code involved). */
    static HttpResponse<Void> headBlob(LocalRegistry registry, String repository, String digest) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/" + repository + "/blobs/" + digest))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
