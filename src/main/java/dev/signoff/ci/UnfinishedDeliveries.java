package dev.signoff.ci;

import dev.signoff.ci.spi.HookDeliveries;
import dev.signoff.ci.spi.HookDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Nothing accepted is lost: a delivery answered 202 whose work was never finished (the process
 * stopped) is taken on again once it is older than {@code signoff.hooks.retry-after}, by exactly
 * one process. The work is safe to repeat: a build is recorded again, and a promotion the first
 * stage already has or is making is not asked for twice.
 */
@Component
class UnfinishedDeliveries {
    private static final Logger log = LoggerFactory.getLogger(UnfinishedDeliveries.class);

    private final HookDeliveries deliveries;
    private final BuildProcessor processor;
    private final Duration retryAfter;

    UnfinishedDeliveries(HookDeliveries deliveries, BuildProcessor processor,
                         @Value("${signoff.hooks.retry-after:2m}") Duration retryAfter) {
        this.deliveries = deliveries;
        this.processor = processor;
        this.retryAfter = retryAfter;
    }

    @Scheduled(fixedDelayString = "${signoff.hooks.retry-interval:30s}", initialDelayString = "${signoff.hooks.retry-interval:30s}")
    void retry() {
        Instant now = Instant.now();
        Instant before = now.minus(retryAfter);
        for (HookDelivery d : deliveries.unfinished(before)) {
            if (deliveries.retake(d.source(), d.deliveryId(), before, now)) {
                log.info("taking on {} delivery {} again: its work was never finished", d.source(), d.deliveryId());
                processor.submit(WorkJson.read(d.work()));
            }
        }
    }
}
