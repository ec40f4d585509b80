/** Ports the core needs from the outside world; adapters implement them and stay package-private. */
@org.springframework.modulith.NamedInterface("spi")
package dev.signoff.promotion.spi;
