package dev.signoff.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.RegistryConfig;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.ProgressListener;
import dev.signoff.promotion.spi.StepFailure;

/**
 * The {@link ImageRegistry} port over the OCI distribution API. An image's registry is the name of
 * an entry under {@code registries:} in pipelines.yaml; host, insecure and credentials come from there.
 * One {@link RegistryHttp} per registry keeps its tokens between operations.
 */
@Component
class RegistryClient implements ImageRegistry {
    private static final Logger log = LoggerFactory.getLogger(RegistryClient.class);
    private static final int MAX_TAGS_CHECKED = 500;

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

    @Override
    public Digest resolve(ImageRef image) {
        return guarded(image, () -> resolveNow(image));
    }

    private Digest resolveNow(ImageRef image) {
        RegistryHttp http = registry(image);
        String reference = image.isPinned() ? image.digest().toString() : image.tag();
        return Manifests.head(http, image.repository(), reference).orElseThrow(() -> http.failure(image.repository(),
                image.isPinned() ? "no manifest " + reference : "no tag '" + reference + "'", false));
    }

    @Override
    public String copy(ImageRef source, ImageRef target, ProgressListener progress) {
        return guarded(source, () -> copyNow(source, target, progress));
    }

    private String copyNow(ImageRef source, ImageRef target, ProgressListener progress) {
        if (target.tag() == null) {
            throw new StepFailure("the copy target " + target + " needs a tag", false);
        }
        RegistryHttp from = registry(source);
        RegistryHttp to = registry(target);
        Digest digest = source.isPinned() ? source.digest() : resolveNow(source);
        boolean sameRegistry = sameRegistry(from.config(), to.config());
        String summary = new ImageCopier(from, source.repository(), to, target.repository(), settings)
                .copy(digest, target.tag(), sameRegistry, progress);
        log.info("copied {} to {}: {}", source.withDigest(digest), target, summary);
        return summary;
    }

    /**
     * Removes the tag. Where the registry deletes tags (OCI distribution 1.1), only the tag goes.
     * Otherwise the manifest is deleted by digest, which removes every tag on it, so that is done
     * only when no other tag in the repository points at the same manifest.
     */
    @Override
    public void deleteTag(ImageRef image) {
        guarded(image, () -> {
            deleteNow(image);
            return null;
        });
    }

    private void deleteNow(ImageRef image) {
        RegistryHttp http = registry(image);
        String repository = image.repository();
        if (!image.isPinned()) {
            HttpResponse<byte[]> response = delete(http, repository, image.tag());
            int status = response.statusCode();
            if (status == 202 || status == 200 || status == 204) {
                return;
            }
            if (status == 401 || status == 403 || RegistryHttp.isRetryable(status)) {
                throw http.failure(response, repository, "deleting tag " + image.tag());
            }
        }
        Digest digest = image.isPinned() ? image.digest() : Manifests.head(http, repository, image.tag()).orElse(null);
        if (digest == null) {
            log.info("{}, repository {}: tag {} is already gone", http.describe(), repository, image.tag());
            return;
        }
        if (!image.isPinned()) {
            List<String> others = otherTagsOn(http, repository, image.tag(), digest);
            if (!others.isEmpty()) {
                throw http.failure(repository, "cannot remove only tag '" + image.tag() + "': this registry deletes manifests, not tags, and "
                        + String.join(", ", others) + (others.size() == 1 ? " also points" : " also point") + " at " + digest.shortForm()
                        + "; nothing was deleted", false);
            }
        }
        HttpResponse<byte[]> response = delete(http, repository, digest.toString());
        int status = response.statusCode();
        if (status == 202 || status == 200 || status == 204 || status == 404) {
            return;
        }
        if (status == 405 || RegistryHttp.errorCode(response).equals("UNSUPPORTED")) {
            throw http.failure(repository, http.config().name() + " does not allow deletes; enable them in the registry "
                    + "(distribution: storage.delete.enabled: true, or REGISTRY_STORAGE_DELETE_ENABLED=true)", false);
        }
        throw http.failure(response, repository, "deleting manifest " + digest.shortForm());
    }

    private HttpResponse<byte[]> delete(RegistryHttp http, String repository, String reference) {
        return http.send(Call.of("DELETE", http.uri(repository, "manifests", reference), repository, "deleting " + reference)
                .scopes(Auth.push(repository) + ",delete"), HttpResponse.BodyHandlers.ofByteArray());
    }

    private List<String> otherTagsOn(RegistryHttp http, String repository, String tag, Digest digest) {
        List<String> tags = tags(http, repository);
        tags.remove(tag);
        if (tags.size() > MAX_TAGS_CHECKED) {
            throw http.failure(repository, "cannot tell whether other tags share " + digest.shortForm() + " (" + tags.size()
                    + " tags); this registry deletes manifests, not tags, so nothing was deleted", false);
        }
        List<String> others = new ArrayList<>();
        for (String other : tags) {
            if (Manifests.head(http, repository, other).map(digest::equals).orElse(false)) {
                others.add(other);
            }
        }
        return others;
    }

    private List<String> tags(RegistryHttp http, String repository) {
        TreeSet<String> tags = new TreeSet<>();
        URI next = http.uri(repository, "tags", "list?n=1000");
        for (int page = 0; next != null && page < 20; page++) {
            HttpResponse<byte[]> response = http.send(Call.get(next, repository, "listing tags").scopes(Auth.pull(repository)),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw http.failure(response, repository, "listing tags");
            }
            try {
                JsonNode json = JsonMapper.shared().readTree(response.body());
                json.path("tags").values().forEach(t -> tags.add(t.asString()));
            } catch (JacksonException e) {
                throw http.failure(repository, "listing tags: the answer is not JSON", false);
            }
            String link = response.headers().firstValue("Link").orElse(null);
            next = link != null && link.contains("<") && link.contains(">") ? next.resolve(link.substring(link.indexOf('<') + 1, link.indexOf('>'))) : null;
        }
        return new ArrayList<>(tags);
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
            throw new StepFailure("registry " + registry.name() + " (" + registry.host() + "), repository "
                    + image.repository() + ": " + unexpected.getMessage(), false, unexpected);
        }
    }

    private RegistryHttp registry(ImageRef image) {
        RegistryConfig registry = config.registry(image);
        return registries.computeIfAbsent(image.registry(), name -> new RegistryHttp(registry, client, settings, credentials));
    }

    private static boolean sameRegistry(RegistryConfig a, RegistryConfig b) {
        return a.name().equals(b.name()) || a.host().equalsIgnoreCase(b.host()) && a.insecure() == b.insecure()
                && Objects.equals(a.credentials(), b.credentials());
    }
}
