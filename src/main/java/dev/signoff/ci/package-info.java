/**
 * CI and registry notifications: {@code POST /hooks/{source}}, verified per source (HMAC signature,
 * token or secret in the URL), de-duplicated by delivery id, turned into {@link dev.signoff.ci.BuildPublished}
 * and handed to the core: the build is recorded, posted in the app's channel and, where the first
 * stage needs no approval, promoted there. Imports the core only; chat hears of builds through events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "CI and registry notifications",
        allowedDependencies = {"promotion", "promotion::events", "promotion::spi"})
package dev.signoff.ci;
