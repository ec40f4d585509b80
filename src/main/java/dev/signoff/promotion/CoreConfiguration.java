package dev.signoff.promotion;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The core's infrastructure: the clock, the executor promotions run on, and the expiry sweep. */
@Configuration
@EnableScheduling
class CoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Promotions mostly wait on registries and clusters, so each runs on its own virtual thread.
     * On shutdown running steps get {@code signoff.shutdown-grace} to finish; after that they are
     * interrupted, and what is left running is resumed or failed by {@link Recovery} in the next
     * process (its lease stops beating).
     */
    @Bean(destroyMethod = "")
    ExecutorService promotionExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("promotion-", 0).factory());
    }

    @Bean
    GracefulStop gracefulStop(ExecutorService promotionExecutor,
                              @org.springframework.beans.factory.annotation.Value("${signoff.shutdown-grace:30s}") java.time.Duration grace) {
        return new GracefulStop(promotionExecutor, grace);
    }

    /** Stops the promotion executor: no new work, running steps get the grace period, then an interrupt. */
    record GracefulStop(ExecutorService executor, java.time.Duration grace) implements org.springframework.beans.factory.DisposableBean {
        @Override
        public void destroy() throws InterruptedException {
            executor.shutdown();
            if (!executor.awaitTermination(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        }
    }

    @Bean
    ExpirySweep expirySweep(Promotions promotions, dev.signoff.promotion.spi.Leadership leadership) {
        return new ExpirySweep(promotions, leadership);
    }

    /** Closes cards whose time ran out, so they do not wait for the next click to say so. Run by one replica. */
    static class ExpirySweep {
        private static final java.time.Duration TERM = java.time.Duration.ofMinutes(2);
        private final Promotions promotions;
        private final dev.signoff.promotion.spi.Leadership leadership;

        ExpirySweep(Promotions promotions, dev.signoff.promotion.spi.Leadership leadership) {
            this.promotions = promotions;
            this.leadership = leadership;
        }

        @Scheduled(fixedDelayString = "${signoff.expiry-sweep:30s}", initialDelayString = "${signoff.expiry-sweep:30s}")
        void sweep() {
            if (leadership.lead("expiry-sweep", TERM)) {
                promotions.expireDue();
            }
        }
    }
}
