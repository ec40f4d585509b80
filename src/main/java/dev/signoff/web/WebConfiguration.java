package dev.signoff.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the loopback guard in front of the console and the JSON API. */
@Configuration
class WebConfiguration {

    @Bean
    FilterRegistrationBean<LoopbackGuard> loopbackGuard(@Value("${signoff.api-token:}") String token) {
        FilterRegistrationBean<LoopbackGuard> registration = new FilterRegistrationBean<>(new LoopbackGuard(token));
        registration.addUrlPatterns("/console", "/console/*", "/api/*");
        registration.setOrder(0);
        return registration;
    }
}
