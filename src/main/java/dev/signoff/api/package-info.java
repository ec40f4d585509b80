/** The read-only JSON API: promotions, and which digest runs in which stage of an app. */
@org.springframework.modulith.ApplicationModule(displayName = "Read API", allowedDependencies = {"promotion", "promotion::spi"})
package dev.signoff.api;
