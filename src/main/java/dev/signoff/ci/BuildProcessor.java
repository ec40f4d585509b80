package dev.signoff.ci;

import dev.signoff.ci.spi.HookDeliveries;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.Build;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Ids;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Refusal;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.StageDeployment;
import dev.signoff.promotion.events.AutoPromotionRefused;
import dev.signoff.promotion.events.BuildReported;
import dev.signoff.promotion.spi.ImageRegistry;
import dev.signoff.promotion.spi.StepFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slow part of a notification, on the hook executor after the sender has its answer: find the
 * digest (from the registry when the sender names a tag), record the build as evidence for the
 * {@code ci: passed} gate, post it in the app's channels (through {@link BuildReported}), and
 * promote it into the first stage when that stage needs no approval. "ci" is the requester.
 * <p>
 * Never promoted: failed builds, images not found, pushes of a stage's tag (promotions move those
 * tags; Signoff's own pushes are dropped before they get here), and a digest the first stage
 * already runs or a promotion is already moving there. The decision and the promotion are made
 * for one build of an app at a time (in this process), so two reports of one image (a CI run and
 * a registry push) promote it once.
 */
@Component
class BuildProcessor {
    static final String REQUESTER = "ci";
    private static final Logger log = LoggerFactory.getLogger(BuildProcessor.class);

    private final Promotions promotions;
    private final ImageRegistry registry;
    private final HookDeliveries deliveries;
    private final ApplicationEventPublisher events;
    private final Executor executor;
    private final Clock clock;
    private final Map<String, ReentrantLock> appLocks = new ConcurrentHashMap<>();

    BuildProcessor(Promotions promotions, ImageRegistry registry, HookDeliveries deliveries, ApplicationEventPublisher events,
                   @Qualifier("hookExecutor") Executor executor, Clock clock) {
        this.promotions = promotions;
        this.registry = registry;
        this.deliveries = deliveries;
        this.events = events;
        this.executor = executor;
        this.clock = clock;
    }

    /** Handles the builds of one stored delivery in the background and notes how it ended. */
    void submit(List<BuildPublished> builds) {
        executor.execute(() -> {
            List<String> outcomes = new ArrayList<>();
            for (BuildPublished build : builds) {
                outcomes.add(builds.size() > 1 ? build.app() + ": " + handleSafely(build) : handleSafely(build));
            }
            BuildPublished first = builds.getFirst();
            try {
                deliveries.finish(first.source(), first.deliveryId(), String.join("; ", outcomes), clock.instant());
            } catch (RuntimeException e) {
                log.warn("could not note the outcome of {} delivery {}: {}", first.source(), first.deliveryId(), e.toString());
            }
        });
    }

    private String handleSafely(BuildPublished build) {
        try {
            return handle(build);
        } catch (RuntimeException e) {
            String ref = Ids.errorReference();
            log.error("handling {} delivery {} for {} failed (ref {})", build.source(), build.deliveryId(), build.app(), ref, e);
            return "failed (ref " + ref + ")";
        }
    }

    /** Returns a few words on what was done, stored with the delivery. */
    String handle(BuildPublished build) {
        AppConfig app = promotions.config().app(build.app()).orElseThrow();
        Stage first = app.first();
        ImageRef image = build.image();
        String imageProblem = build.imageProblem();
        Digest digest = null;
        if (image != null) {
            try {
                digest = image.digest() != null ? image.digest() : registry.resolve(image);
            } catch (StepFailure e) {
                imageProblem = e.getMessage();
            }
        }
        promotions.recordBuild(new Build(app.name(), digest, image != null ? shown(image) : null, build.commit(), build.branch(),
                build.success(), build.url(), build.source(), build.receivedAt()));

        // Deciding and promoting, one build of the app at a time: the checks for "already runs"
        // and "already moving" must see the promotion a concurrent report of the same image started.
        ReentrantLock lock = appLocks.computeIfAbsent(app.name(), a -> new ReentrantLock());
        lock.lock();
        try {
            Optional<String> reasonNotToPromote = reasonNotToPromote(build, app, first, image, digest);
            events.publishEvent(new BuildReported(app.name(), build.kind().name().toLowerCase(Locale.ROOT), build.source(),
                    build.success(), build.commit(), build.branch(), image != null ? shown(image) : null,
                    digest != null ? digest.toString() : null, imageProblem, build.url(), build.message(),
                    build.success() && digest != null ? reasonNotToPromote.orElse("promoting to " + first.name()) : null));
            if (reasonNotToPromote.isPresent()) {
                return (build.success() ? "recorded" : "recorded as failed") + (digest == null ? " without an image: " + imageProblem
                        : ", not promoted: " + reasonNotToPromote.get());
            }
            return promote(app, first, digest);
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> reasonNotToPromote(BuildPublished build, AppConfig app, Stage first, ImageRef image, Digest digest) {
        if (!build.success()) {
            return Optional.of("the build failed");
        }
        if (digest == null) {
            return Optional.of("the image was not found");
        }
        if (image.tag() != null && app.stageWithTag(image.tag()).isPresent()) {
            return Optional.of(image.tag() + " is the tag of stage " + app.stageWithTag(image.tag()).get().name()
                    + ", which promotions move; a push of it is not a new build");
        }
        if (!first.approval().isAutomatic()) {
            return Optional.of(first.name() + " needs approval: /signoff promote " + app.name() + " "
                    + (image.tag() != null ? image.tag() : digest.toString()) + " to " + first.name());
        }
        StageDeployment current = promotions.status(app.name()).stages().getFirst().current();
        if (current != null && current.digest().equals(digest)) {
            return Optional.of(first.name() + " already runs " + digest.shortForm());
        }
        Optional<PromotionRequest> moving = promotions.history(app.name(), first.name(), 20).stream()
                .filter(p -> !p.status().isTerminal() && p.digest().equals(digest)).findFirst();
        return moving.map(p -> "promotion " + p.id() + " is already moving " + digest.shortForm() + " to " + first.name());
    }

    /**
     * Promotes as "ci". A refusal (locked, frozen, a gate not met) is no error of the sender's:
     * it is logged, audited by the core, and posted in the app's channels.
     */
    private String promote(AppConfig app, Stage first, Digest digest) {
        try {
            PromotionRequest p = promotions.promote(REQUESTER, app.name(), digest.toString(), first.name());
            log.info("promoting {} {} to {} (promotion {})", app.name(), digest.shortForm(), first.name(), p.id());
            return "promoting to " + first.name() + " (promotion " + p.id() + ")";
        } catch (Refusal r) {
            log.info("did not promote {} {} to {}: {}", app.name(), digest.shortForm(), first.name(), r.getMessage());
            events.publishEvent(new AutoPromotionRefused(app.name(), first.name(), digest.toString(), r.getMessage()));
            return "not promoted: " + r.getMessage();
        } catch (RuntimeException e) {
            String ref = Ids.errorReference();
            log.error("promoting {} {} to {} failed (ref {})", app.name(), digest.shortForm(), first.name(), ref, e);
            events.publishEvent(new AutoPromotionRefused(app.name(), first.name(), digest.toString(), "something went wrong (ref " + ref + ")"));
            return "promotion failed (ref " + ref + ")";
        }
    }

    /** {@code sandbox/shop:sha-1a2b3c4}, or by digest where no tag was named. */
    private static String shown(ImageRef image) {
        return image.tag() != null ? image.registry() + "/" + image.repository() + ":" + image.tag() : image.toString();
    }
}
