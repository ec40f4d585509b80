package dev.signoff.ci;

import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.ImageRef;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.spi.SampleImages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * {@code signoff.samples: true}: at start-up, for every app whose first stage is kept in a layout
 * directory, writes two small real images of it ({@value #OLDER} and {@value #NEWER}) when they are
 * missing, and reports each as a passing build through the same path a CI notification takes: it is
 * recorded (evidence for {@code ci: passed}), posted in the app's channels as a "sample build", and
 * promoted into the first stage when that stage needs no approval, the newer last. Images that were
 * already there are not reported again, so a restart changes nothing.
 */
@Component
@ConditionalOnProperty(name = "signoff.samples", havingValue = "true")
class SampleBuilds {
    static final String SOURCE = "sample";
    static final String OLDER = "1.4.2";
    static final String NEWER = "1.5.0";
    private static final Logger log = LoggerFactory.getLogger(SampleBuilds.class);

    private final Promotions promotions;
    private final SampleImages images;
    private final BuildProcessor processor;
    private final Executor executor;
    private final Clock clock;

    SampleBuilds(Promotions promotions, SampleImages images, BuildProcessor processor, @Qualifier("hookExecutor") Executor executor, Clock clock) {
        this.promotions = promotions;
        this.images = images;
        this.processor = processor;
        this.executor = executor;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void writeAndReport() {
        executor.execute(() -> promotions.config().apps().values().forEach(this::forApp));
    }

    private void forApp(AppConfig app) {
        ImageRef first = app.first().image();
        if (!promotions.config().registry(first).isLayout()) {
            log.info("no sample builds for {}: its first stage {} is in a registry server, not a layout directory", app.name(), first);
            return;
        }
        for (String version : List.of(OLDER, NEWER)) {
            try {
                Optional<Digest> written = images.write(first.withTag(version), app.name());
                if (written.isEmpty()) {
                    continue;
                }
                ImageRef image = new ImageRef(first.registry(), first.repository(), version, written.get());
                String outcome = processor.handle(new BuildPublished(SOURCE, "sample-" + app.name() + "-" + version, BuildPublished.Kind.BUILD,
                        app.name(), image, null, null, null, true, null, "sample build", clock.instant()));
                log.info("sample build {} {}: {}", app.name(), version, outcome);
            } catch (RuntimeException e) {
                log.warn("could not write the sample build {} {}: {}", app.name(), version, e.toString());
            }
        }
    }
}
