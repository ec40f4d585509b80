/** The read-only JSON API: promotions, and which digest runs in which stage of an app. */
@org.springframework.modulith.ApplicationModule(displayName = "Read API", allowedDependencies = "promotion")
package dev.signoff.api;
