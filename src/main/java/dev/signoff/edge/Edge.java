package dev.signoff.edge;

import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.PipelineConfig;
import dev.signoff.promotion.spi.ProgressListener;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes Cloudflare's edge say what a stage's {@code expose:} says, or takes it away: the
 * tunnel's ingress rule for the hostname and the hostname's proxied CNAME. Both changes are
 * idempotent: what is already in place is left alone and reported as such. Exposing reads the
 * hostname's DNS records first, so a record that is someone else's refuses the step before
 * anything is written; then the tunnel rule goes in before the CNAME that sends traffic to it.
 * Nothing else in the account is changed. Runs on the promotion's own thread.
 */
@Component
class Edge {
    private final PipelineConfig config;
    private final Map<String, String> env;
    private final Duration backoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Autowired
    Edge(PipelineConfig config, @Value("${signoff.cloudflare.backoff:1s}") Duration backoff) {
        this(config, System.getenv(), backoff);
    }

    Edge(PipelineConfig config, Map<String, String> env, Duration backoff) {
        this.config = config;
        this.env = env;
        this.backoff = backoff;
    }

    /** Exposes the hostname; returns the card's summary: the URL, or "already in place: <URL>". */
    String expose(Exposure exposure, ProgressListener progress) {
        CloudflareApi api = api(exposure);
        DnsRecords.Found found = DnsRecords.check(api, exposure);
        boolean changed = false;
        if (exposure.viaTunnel()) {
            TunnelRoutes.Outcome rule = TunnelRoutes.route(api, exposure);
            changed = rule != TunnelRoutes.Outcome.IN_PLACE;
            progress.progress(switch (rule) {
                case ADDED -> "added the tunnel rule " + exposure.hostname() + " → " + exposure.service();
                case CORRECTED -> "corrected the tunnel rule " + exposure.hostname() + " → " + exposure.service();
                default -> "the tunnel rule " + exposure.hostname() + " → " + exposure.service() + " is in place";
            });
        }
        DnsRecords.Outcome record = DnsRecords.point(api, exposure, found);
        changed |= record != DnsRecords.Outcome.IN_PLACE;
        progress.progress(switch (record) {
            case CREATED -> "created the proxied CNAME " + exposure.hostname() + " → " + exposure.cnameTarget();
            case CORRECTED -> "corrected the CNAME " + exposure.hostname() + " → " + exposure.cnameTarget() + ", proxied";
            default -> "the proxied CNAME " + exposure.hostname() + " → " + exposure.cnameTarget() + " is in place";
        });
        return changed ? exposure.url() : "already in place: " + exposure.url();
    }

    /** Removes the tunnel rule, then the CNAME; returns what was removed and what was not there. */
    String unexpose(Exposure exposure, ProgressListener progress) {
        CloudflareApi api = api(exposure);
        List<String> removed = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        String kept = "";
        if (exposure.viaTunnel()) {
            String rule = "the tunnel rule for " + exposure.hostname();
            (TunnelRoutes.unroute(api, exposure) == TunnelRoutes.Outcome.REMOVED ? removed : absent).add(rule);
            progress.progress(removed.contains(rule) ? "removed " + rule : rule + " was not there");
        }
        String cname = "the CNAME " + exposure.hostname() + " → " + exposure.cnameTarget();
        switch (DnsRecords.remove(api, exposure)) {
            case REMOVED -> removed.add(cname);
            case KEPT_OTHER -> kept = "; kept the DNS records of " + exposure.hostname() + " that point elsewhere (not Signoff's)";
            default -> absent.add(cname);
        }
        progress.progress(removed.contains(cname) ? "removed " + cname : cname + " was not there");
        return (removed.isEmpty() ? "nothing to remove" : "removed " + String.join(" and ", removed))
                + (absent.isEmpty() ? "" : "; not there: " + String.join(" and ", absent)) + kept;
    }

    private CloudflareApi api(Exposure exposure) {
        CloudflareAccount account = config.cloudflareAccount(exposure);
        return new CloudflareApi(account, () -> ApiToken.resolve(account, env), backoff, http);
    }
}
