package dev.signoff.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.signoff.promotion.Digest;
import dev.signoff.promotion.spi.StepFailure;

/**
 * A repository in a registry, over the distribution API. Used where one end of a copy is a layout;
 * between two registries {@link ImageCopier} keeps its own fast paths (retag, mount).
 */
final class HttpStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(HttpStore.class);
    private static final int MAX_TAGS_CHECKED = 500;

    private final RegistryHttp http;
    private final String repository;
    private final RegistrySettings settings;

    HttpStore(RegistryHttp http, String repository, RegistrySettings settings) {
        this.http = http;
        this.repository = repository;
        this.settings = settings;
    }

    RegistryHttp http() {
        return http;
    }

    String repository() {
        return repository;
    }

    @Override
    public String describe() {
        return http.describe() + ", repository " + repository;
    }

    @Override
    public StepFailure failure(String what, boolean retryable, Throwable cause) {
        return http.failure(repository, what, retryable, cause);
    }

    @Override
    public Optional<Digest> find(String reference) {
        return Manifests.head(http, repository, reference);
    }

    @Override
    public Manifest manifest(String reference) {
        return Manifests.get(http, repository, reference);
    }

    @Override
    public Opened openBlob(Descriptor blob) {
        HttpResponse<InputStream> download = http.stream(Call.get(http.uri(repository, "blobs", blob.digest().toString()),
                repository, "reading blob " + blob.digest().shortForm()).scopes(Auth.pull(repository)));
        if (download.statusCode() == 404) {
            RegistryHttp.discard(download);
            throw http.failure(repository, "blob " + blob.digest() + " is missing from the source repository", false);
        }
        if (download.statusCode() != 200) {
            throw http.failure(download, repository, "reading blob " + blob.digest().shortForm());
        }
        return new Opened(download.body(), download.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return new BlobTransfer(this, repository, http, repository, settings).exists(blob);
    }

    @Override
    public void putBlob(Descriptor blob, Store from, Progress progress) {
        BlobTransfer transfer = new BlobTransfer(from, null, http, repository, settings);
        transfer.reportTo(progress);
        transfer.upload(blob);
    }

    @Override
    public void putManifest(Manifest manifest, String reference) {
        Manifests.put(http, repository, reference, manifest);
    }

    /**
     * {@code GET /v2/<name>/referrers/<digest>}, following {@code Link} pages. A registry without
     * the API answers 404 (OCI distribution 1.1: "a registry that does not support the referrers
     * API … MUST return 404"), and the caller falls back to the referrers tag schema.
     */
    @Override
    public Optional<List<JsonNode>> referrers(Digest subject) {
        List<JsonNode> found = new ArrayList<>();
        URI next = http.uri(repository, "referrers", subject.toString());
        for (int page = 0; next != null && page < 20; page++) {
            HttpResponse<byte[]> response = http.send(Call.get(next, repository, "listing the referrers of " + subject.shortForm())
                    .scopes(Auth.pull(repository)).header("Accept", MediaTypes.OCI_INDEX), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404 && page == 0) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw http.failure(response, repository, "listing the referrers of " + subject.shortForm());
            }
            try {
                JsonMapper.shared().readTree(response.body()).path("manifests").values().forEach(found::add);
            } catch (JacksonException e) {
                throw http.failure(repository, "listing the referrers of " + subject.shortForm() + ": the answer is not JSON", false);
            }
            String link = response.headers().firstValue("Link").orElse(null);
            next = link != null && link.contains("<") && link.contains(">") ? next.resolve(link.substring(link.indexOf('<') + 1, link.indexOf('>'))) : null;
        }
        return Optional.of(found);
    }

    @Override
    public boolean putReferrer(Manifest manifest) {
        return Manifests.put(http, repository, manifest.digest().toString(), manifest);
    }

    /**
     * Removes the tag. Where the registry deletes tags (OCI distribution 1.1), only the tag goes.
     * Otherwise the manifest is deleted by digest, which removes every tag on it, so that is done
     * only when no other tag in the repository points at the same manifest.
     */
    @Override
    public void delete(String reference) {
        boolean pinned = Digest.isDigest(reference);
        if (!pinned) {
            HttpResponse<byte[]> response = deleteManifest(reference);
            int status = response.statusCode();
            if (status == 202 || status == 200 || status == 204) {
                return;
            }
            if (status == 401 || status == 403 || RegistryHttp.isRetryable(status)) {
                throw http.failure(response, repository, "deleting tag " + reference);
            }
        }
        Digest digest = pinned ? Digest.parse(reference) : Manifests.head(http, repository, reference).orElse(null);
        if (digest == null) {
            log.info("{}, repository {}: tag {} is already gone", http.describe(), repository, reference);
            return;
        }
        if (!pinned) {
            List<String> others = otherTagsOn(reference, digest);
            if (!others.isEmpty()) {
                throw http.failure(repository, "cannot remove only tag '" + reference + "': this registry deletes manifests, not tags, and "
                        + String.join(", ", others) + (others.size() == 1 ? " also points" : " also point") + " at " + digest.shortForm()
                        + "; nothing was deleted", false);
            }
        }
        HttpResponse<byte[]> response = deleteManifest(digest.toString());
        int status = response.statusCode();
        if (status == 202 || status == 200 || status == 204 || status == 404) {
            return;
        }
        if (status == 405 || ErrorBodies.code(response).equals("UNSUPPORTED")) {
            throw http.failure(repository, http.config().name() + " does not allow deletes; enable them in the registry "
                    + "(distribution: storage.delete.enabled: true, or REGISTRY_STORAGE_DELETE_ENABLED=true)", false);
        }
        throw http.failure(response, repository, "deleting manifest " + digest.shortForm());
    }

    private HttpResponse<byte[]> deleteManifest(String reference) {
        return http.send(Call.of("DELETE", http.uri(repository, "manifests", reference), repository, "deleting " + reference)
                .scopes(Auth.push(repository) + ",delete"), HttpResponse.BodyHandlers.ofByteArray());
    }

    private List<String> otherTagsOn(String tag, Digest digest) {
        List<String> tags = tags();
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

    private List<String> tags() {
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
}
