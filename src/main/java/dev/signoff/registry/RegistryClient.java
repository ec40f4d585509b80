package dev.signoff.registry;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

/**
 * The {@link ImageRegistry} port over the OCI distribution API and OCI image layout directories.
 * An image's registry is the name of an entry under {@code registries:} in pipelines.yaml: a server
 * (host, insecure and credentials come from there) or a {@code layout} directory. One
 * {@link RegistryHttp} per registry server keeps its tokens between operations.
 */
@Component
class RegistryClient implements ImageRegistry {
    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);

    private final PipelineConfig config;
    private final RegistrySettings settings;
    private final HttpClient client;
    private final Credentials credentials;
    private final Map<String, RegistryHttp> registries = new ConcurrentHashMap<>();

    @Autowired
    RegistryClient(PipelineConfig config, @Value("${signoff.registry.parallel-blobs:4}") int parallelBlobs) {
        this(config, RegistrySettings.defaults().withParallelBlobs(Math.max(1, parallelBlobs)));
    }

    RegistryClient(PipelineConfig config, RegistrySettings settings) {
        this.config = config;
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout());
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.client = builder.build();
        this.credentials = new Credentials(settings.env());
    }

    RegistrySettings settings() {
        return settings;
    }

    @Override
    public Digest resolve(ImageRef image) {
        return guarded(image, () -> resolveNow(image));
    }

    private Digest resolveNow(ImageRef image) {
        Store store = store(image);
        String reference = image.isPinned() ? image.digest().toString() : image.tag();
        return store.find(reference).orElseThrow(() -> store.failure(
                image.isPinned() ? "no manifest " + reference : "no tag '" + reference + "'", false, null));
    }

    /**
     * Between two registries, {@link ImageCopier} with its fast paths (retag in place, mount);
     * where either end is a layout directory, {@link StoreCopier}.
     */
    @Override
    public String copy(ImageRef source, ImageRef target, ProgressListener progress) {
        return copy(source, target, config.registry(target).copiesAttachments(), progress);
    }

    @Override
    public String copy(ImageRef source, ImageRef target, boolean attachments, ProgressListener progress) {
        return guarded(source, () -> copyNow(source, target, attachments, progress));
    }

    private String copyNow(ImageRef source, ImageRef target, boolean attachments, ProgressListener progress) {
        if (target.tag() == null) {
            throw new StepFailure("the copy target " + target + " needs a tag", false);
        }
        Store from = store(source);
        Store to = store(target);
        Digest digest = source.isPinned() ? source.digest() : resolveNow(source);
        String summary;
        if (from instanceof HttpStore a && to instanceof HttpStore b) {
            summary = new ImageCopier(a.http(), source.repository(), b.http(), target.repository(), settings)
                    .copy(digest, target.tag(), sameRegistry(a.http().config(), b.http().config()), attachments, progress);
        } else {
            summary = new StoreCopier(from, to, settings).copy(digest, target.tag(), attachments, progress);
        }
        log.info("copied {} to {}: {}", source.withDigest(digest), target, summary);
        return summary;
    }

    /** Removes the tag (see {@link HttpStore#delete} for registries that only delete manifests). */
    @Override
    public void deleteTag(ImageRef image) {
        guarded(image, () -> {
            store(image).delete(image.isPinned() ? image.digest().toString() : image.tag());
            return null;
        });
    }

    /** Whatever goes wrong leaves as a StepFailure that names the registry and the repository. */
    private <T> T guarded(ImageRef image, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StepFailure failure) {
            throw failure;
        } catch (RuntimeException unexpected) {
            log.warn("registry operation on {} failed unexpectedly", image, unexpected);
            RegistryConfig registry = config.registry(image);
            throw new StepFailure("registry " + registry.describe() + ", repository "
                    + image.repository() + ": " + unexpected.getMessage(), false, unexpected);
        }
    }

    /** Where the image's repository is kept: a registry (one {@link RegistryHttp} per registry, keeping its tokens) or a layout. */
    Store store(ImageRef image) {
        RegistryConfig registry = config.registry(image);
        if (registry.isLayout()) {
            return new LayoutStore(registry, image.repository(), settings);
        }
        return new HttpStore(registries.computeIfAbsent(image.registry(), name -> new RegistryHttp(registry, client, settings, credentials)),
                image.repository(), settings);
    }

    private static boolean sameRegistry(RegistryConfig a, RegistryConfig b) {
        return a.name().equals(b.name()) || a.host().equalsIgnoreCase(b.host()) && a.insecure() == b.insecure()
                && Objects.equals(a.credentials(), b.credentials());
    }
}
