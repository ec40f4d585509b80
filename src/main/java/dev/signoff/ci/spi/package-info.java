/** What the CI module needs stored: the deliveries it accepted, once each. */
@org.springframework.modulith.NamedInterface("spi")
package dev.signoff.ci.spi;
