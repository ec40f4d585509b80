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

    /** The work waits on the registry and the database, so each delivery runs on its own virtual thread. */
    @Bean(destroyMethod = "close")
    ExecutorService hookExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hook-", 0).factory());
    }
}
