package dev.signoff.ci;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The hook settings and the executor accepted notifications are worked on. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HooksProperties.class)
class CiConfiguration {

    /**
     * Accepted deliveries are worked on by a few threads ({@code signoff.hooks.workers}, default 4),
     * queued beyond that. The bound keeps database connections free for the requests being
     * answered: with one thread per delivery, a burst of deliveries took every pooled connection
     * and the answers waited for them (the benchmark's p99 tripled).
     */
    @Bean(destroyMethod = "close")
    ExecutorService hookExecutor(HooksProperties properties) {
        return Executors.newFixedThreadPool(Math.max(1, properties.workers()), Thread.ofVirtual().name("hook-", 0).factory());
    }
}
