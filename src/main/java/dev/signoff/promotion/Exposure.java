package dev.signoff.promotion;

/**
 * Where a stage is exposed on the public internet: a hostname in a Cloudflare zone of a
 * configured account, served either through a Cloudflare Tunnel ({@code tunnel} with the
 * in-cluster {@code service} the tunnel sends the hostname's traffic to) or by a proxied CNAME
 * to {@code target}, a load balancer's name. Exactly one of {@code tunnel} and {@code target} is
 * set: config validation sees to it, and so does this constructor.
 */
public record Exposure(String account, String zone, String hostname, String tunnel, String service, String target) {
    public Exposure {
        if ((tunnel == null) == (target == null)) {
            throw new IllegalArgumentException("an exposure goes through a tunnel or to a target, exactly one of them");
        }
        if (tunnel != null && service == null) {
            throw new IllegalArgumentException("an exposure through a tunnel needs the service the tunnel sends traffic to");
        }
    }

    public boolean viaTunnel() {
        return tunnel != null;
    }

    /** What the hostname's CNAME points at: {@code <tunnel>.cfargotunnel.com}, or the target. */
    public String cnameTarget() {
        return viaTunnel() ? tunnel + ".cfargotunnel.com" : target;
    }

    /** The public URL the card shows: {@code https://shop.example.com}. */
    public String url() {
        return "https://" + hostname;
    }
}
