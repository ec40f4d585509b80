/**
 * The edge: exposes a stage's deployment through Cloudflare (a tunnel's ingress rule and a
 * proxied CNAME) after a promotion, and takes it away at sunset. Adds the {@code expose} and
 * {@code unexpose} step kinds; speaks Cloudflare's API v4 over {@code java.net.http}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Edge (Cloudflare)",
        allowedDependencies = {"promotion", "promotion::spi", "promotion::steps"})
package dev.signoff.edge;
