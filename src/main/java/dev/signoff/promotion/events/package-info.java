/** Events the core publishes as promotions move; chat adapters listen to them to edit cards. */
@org.springframework.modulith.NamedInterface("events")
package dev.signoff.promotion.events;
