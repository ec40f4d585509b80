/**
 * Events the core publishes as promotions move (chat adapters listen to them to edit cards) and
 * as stages are locked and unlocked, and the build events the CI module publishes for chat to post.
 */
@org.springframework.modulith.NamedInterface("events")
package dev.signoff.promotion.events;
