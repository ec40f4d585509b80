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

    /** Promotions mostly wait on registries and clusters, so each runs on its own virtual thread. */
    @Bean(destroyMethod = "close")
    ExecutorService promotionExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("promotion-", 0).factory());
    }

    @Bean
    ExpirySweep expirySweep(Promotions promotions) {
        return new ExpirySweep(promotions);
    }

    /** Closes cards whose time ran out, so they do not wait for the next click to say so. */
    static class ExpirySweep {
        private final Promotions promotions;

        ExpirySweep(Promotions promotions) {
            this.promotions = promotions;
        }

        @Scheduled(fixedDelayString = "${signoff.expiry-sweep:30s}", initialDelayString = "${signoff.expiry-sweep:30s}")
        void sweep() {
            promotions.expireDue();
        }
    }
}
