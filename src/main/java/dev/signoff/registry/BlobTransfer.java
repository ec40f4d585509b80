package dev.signoff.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.signoff.promotion.spi.StepFailure;

/**
 * Moves blobs into a registry's repository: existence checks, cross-repository mounts, and
 * streamed uploads (the source's stream, a GET or a layout's file, piped into a monolithic PUT at
 * the destination by the same thread, never held whole in memory, verified for size and digest on
 * the way). A failed upload is started again from
 * the beginning, with the same backoff as single requests. Thread-safe; one instance per copy.
 */
final class BlobTransfer {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "signoff-blob-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Store source;
    private final String sourceRepository;
    private final RegistryHttp target;
    private final String targetRepository;
    private final RegistrySettings settings;
    private volatile Progress progress;

    /**
     * Blobs come from {@code source}, a registry or a layout; {@code sourceRepository} names the
     * repository to mount from when both are in the target's registry (null otherwise).
     */
    BlobTransfer(Store source, String sourceRepository, RegistryHttp target, String targetRepository, RegistrySettings settings) {
        this.source = source;
        this.sourceRepository = sourceRepository;
        this.target = target;
        this.targetRepository = targetRepository;
        this.settings = settings;
        this.progress = new Progress(detail -> { }, 0, 0, Long.MAX_VALUE);
    }

    void reportTo(Progress newProgress) {
        this.progress = newProgress;
    }

    /** Whether the destination repository already has the blob (HEAD). */
    boolean exists(Descriptor blob) {
        HttpResponse<byte[]> response = target.send(Call.of("HEAD", target.uri(targetRepository, "blobs", blob.digest().toString()),
                targetRepository, "checking blob " + blob.digest().shortForm()).scopes(Auth.push(targetRepository)), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 404) {
            return false;
        }
        throw target.failure(response, targetRepository, "checking blob " + blob.digest().shortForm());
    }

    /**
     * Asks the destination registry to mount the blob from the source repository. True when mounted;
     * false when it refused and the blob was uploaded instead.
     */
    boolean mountOrUpload(Descriptor blob) {
        URI mount = target.base().resolve(targetRepository + "/blobs/uploads/?mount=" + encode(blob.digest().toString())
                + "&from=" + encode(sourceRepository));
        HttpResponse<byte[]> response = target.send(Call.of("POST", mount, targetRepository, "mounting blob " + blob.digest().shortForm()
                        + " from " + sourceRepository).scopes(Auth.push(targetRepository), Auth.pull(sourceRepository)),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 201) {
            return true;
        }
        if (response.statusCode() == 202) {
            upload(blob, location(response));
            return false;
        }
        throw target.failure(response, targetRepository, "mounting blob " + blob.digest().shortForm() + " from " + sourceRepository);
    }

    /** Copies the blob, streamed; the whole transfer is retried when a retryable failure interrupts it. */
    void upload(Descriptor blob) {
        upload(blob, null);
    }

    private void upload(Descriptor blob, URI startedUpload) {
        URI location = startedUpload;
        for (int attempt = 1; ; attempt++) {
            long[] counted = {0};
            try {
                progress.checkStopped();
                stream(blob, location, counted);
                progress.blobDone();
                return;
            } catch (StepFailure failure) {
                progress.rewind(counted[0]);
                progress.checkStopped(); // an abort, however the HTTP client worded it, is not retried
                if (!failure.retryable() || attempt >= settings.maxAttempts()) {
                    throw failure;
                }
                target.pause(target.backoff(attempt, null), Call.of("PUT", target.base(), targetRepository, "copying blob"));
                location = null;
            }
        }
    }

    /** One attempt: GET at the source piped into a PUT at the destination. {@code counted[0]} holds the bytes that went through. */
    private void stream(Descriptor blob, URI startedUpload, long[] counted) {
        String what = "copying blob " + blob.digest().shortForm();
        Store.Opened download = source.openBlob(blob);
        long size = blob.size() >= 0 ? blob.size() : download.length();
        VerifyingStream in = new VerifyingStream(download.in(), blob.digest(), size, n -> {
            counted[0] += n;
            progress.add(n);
        });
        StreamBody body = new StreamBody(in, size);
        Stall stall = new Stall(in, body, settings.requestTimeout());
        try {
            URI location = startedUpload != null ? startedUpload : startUpload();
            URI put = URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + encode(blob.digest().toString()));
            // the answer comes once every byte is sent: allow time in proportion to the size (at least 1 MB/s)
            Duration timeout = settings.requestTimeout().plusSeconds(Math.max(0, size) / 1_000_000);
            HttpResponse<InputStream> response;
            try {
                response = target.stream(Call.of("PUT", put, targetRepository, what).scopes(Auth.push(targetRepository))
                        .header("Content-Type", "application/octet-stream").streamedBody(body, timeout));
            } catch (StepFailure failure) {
                if (in.problem() != null) {
                    throw source.failure(in.problem(), true, failure);
                }
                if (stall.fired()) {
                    throw source.failure(what + ": no data for " + settings.requestTimeout().toSeconds() + " s (stalled)", true, failure);
                }
                throw failure;
            }
            if (response.statusCode() != 201 && response.statusCode() != 204) {
                throw target.failure(response, targetRepository, what);
            }
            RegistryHttp.discard(response);
        } finally {
            stall.stop();
            close(download.in());
        }
    }

    /**
     * Watches one transfer: when no byte has come through for {@code limit} before the blob is
     * complete, it drops the upload's connection, so that a destination that stopped reading fails
     * the transfer (and it is retried) instead of hanging forever. A download that stops sending
     * fails on its own: each read has the same limit. After the last byte, the upload's own timeout
     * applies.
     */
    private static final class Stall {
        private final ScheduledFuture<?> check;
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile boolean stopped;

        Stall(VerifyingStream in, StreamBody body, Duration limit) {
            long every = Math.max(50, limit.toMillis() / 4);
            check = WATCHDOG.scheduleWithFixedDelay(() -> {
                if (!stopped && in.idleNanos() > limit.toNanos() && fired.compareAndSet(false, true)) {
                    body.abort();
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }

        boolean fired() {
            return fired.get();
        }

        void stop() {
            stopped = true;
            check.cancel(false);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException ignored) {
            // nothing to do: the connection or the file is dropped
        }
    }

    private URI startUpload() {
        HttpResponse<byte[]> response = target.send(Call.of("POST", target.base().resolve(targetRepository + "/blobs/uploads/"),
                targetRepository, "starting an upload").scopes(Auth.push(targetRepository)), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 202) {
            throw target.failure(response, targetRepository, "starting an upload");
        }
        return location(response);
    }

    private URI location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> target.failure(targetRepository, "the registry started an upload without saying where (no Location)", true));
        return target.base().resolve(location);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
