package dev.signoff.pipelines;

import dev.signoff.promotion.CloudflareAccount;
import dev.signoff.promotion.Exposure;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code cloudflare:} (the accounts, each with its token by reference) and a stage's
 * {@code expose: { cloudflare: {...} }} (a hostname in a zone, through a tunnel or to a target).
 */
final class CloudflareReader {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TOKEN_REFERENCE = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]*|file:\\S+");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");
    private static final Pattern TUNNEL_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String EXAMPLE = "{ account: main, zone: example.com, hostname: shop.example.com, "
            + "tunnel: 6ff42ae2-765d-4adf-8112-31c55c1551ef, service: http://shop.shop.svc.cluster.local:80 }";

    private CloudflareReader() {
    }

    /** The accounts; {@code named} receives every account's name, also of one with a mistake, for exposures to refer to. */
    static Map<String, CloudflareAccount> accounts(YamlNode node, java.util.Set<String> named) {
        Map<String, CloudflareAccount> accounts = new LinkedHashMap<>();
        node.entries("a mapping of Cloudflare accounts, like main: { accountId: …, apiToken: env:CLOUDFLARE_API_TOKEN }").forEach((name, body) -> {
            Known.checkName(body, name);
            named.add(name);
            YamlNode.Fields fields = body.fields("a Cloudflare account, like { accountId: 0123456789abcdef0123456789abcdef, apiToken: env:CLOUDFLARE_API_TOKEN }",
                    "accountId", "apiToken", "apiUrl");
            String accountId = fields.require("accountId", "accountId: 0123456789abcdef0123456789abcdef",
                    value -> value.matching(ACCOUNT_ID, "a Cloudflare account id (32 lowercase hexadecimal digits, from the dashboard's URL or Overview page)"));
            String token = fields.require("apiToken", "apiToken: env:CLOUDFLARE_API_TOKEN", CloudflareReader::token);
            String apiUrl = fields.get("apiUrl", CloudflareReader::apiUrl, CloudflareAccount.DEFAULT_API_URL);
            if (accountId != null && token != null && apiUrl != null) {
                accounts.put(name, new CloudflareAccount(name, accountId, token, apiUrl));
            }
        });
        return accounts;
    }

    private static String token(YamlNode node) {
        String text = node.text();
        if (text != null && !TOKEN_REFERENCE.matcher(text).matches()) {
            // The value is not repeated in the message: it may be the token itself.
            node.problem("the API token is never written inline; say where it comes from: env:VARIABLE or file:/path/to/file");
            return null;
        }
        return text;
    }

    private static String apiUrl(YamlNode node) {
        String text = node.text();
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text);
            boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
            // The token goes with every call: plain HTTP only to this machine (a test, a local proxy).
            if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback)) {
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        node.problem("'" + text + "' is not an https URL (plain http only to 127.0.0.1 or localhost), like " + CloudflareAccount.DEFAULT_API_URL);
        return null;
    }

    /** A stage's {@code expose:}; only Cloudflare exposes today. */
    static Exposure expose(YamlNode node, Known known) {
        YamlNode.Fields fields = node.fields("an exposure, like { cloudflare: " + EXAMPLE + " }", "cloudflare");
        return fields.require("cloudflare", "cloudflare: " + EXAMPLE, value -> cloudflare(value, known));
    }

    private static Exposure cloudflare(YamlNode node, Known known) {
        int before = node.problemCount();
        YamlNode.Fields fields = node.fields("a Cloudflare exposure, like " + EXAMPLE,
                "account", "zone", "hostname", "tunnel", "service", "target");
        String account = fields.require("account", "account: main", value -> {
            String name = value.text();
            if (name != null && !known.cloudflare().contains(name)) {
                value.problem("'" + name + "' names a Cloudflare account that is not defined; "
                        + Known.choices("Cloudflare accounts", known.cloudflare()));
                return null;
            }
            return name;
        });
        String zone = fields.require("zone", "zone: example.com", value -> dnsName(value, "a zone name, like example.com"));
        String hostname = fields.require("hostname", "hostname: shop.example.com", value -> {
            String name = dnsName(value, "a hostname, like shop.example.com");
            if (name != null && zone != null && !name.equals(zone) && !name.endsWith("." + zone)) {
                value.problem("'" + name + "' is not in the zone " + zone + "; the hostname must be " + zone + " or end in ." + zone);
                return null;
            }
            return name;
        });
        String tunnel = fields.get("tunnel", value -> value.matching(TUNNEL_ID, "a Cloudflare Tunnel id (a UUID, as `cloudflared tunnel list` shows it)"), null);
        String service = fields.get("service", CloudflareReader::service, null);
        String target = fields.get("target", value -> dnsName(value, "a hostname to point the CNAME at, like lb.example.com"), null);
        boolean hasTunnel = fields.optional("tunnel") != null;
        boolean hasTarget = fields.optional("target") != null;
        if (hasTunnel && hasTarget) {
            node.problem("give either tunnel (with service) or target, not both");
        } else if (!hasTunnel && !hasTarget && node.isMapping()) {
            node.problem("give either tunnel: <id> with service: http://shop.shop.svc.cluster.local:80, or target: lb.example.com");
        } else if (hasTunnel && fields.optional("service") == null) {
            node.problem("'service' is required with a tunnel, like service: http://shop.shop.svc.cluster.local:80");
        } else if (hasTarget && fields.optional("service") != null) {
            fields.optional("service").problem("service is for a tunnel; a target receives the traffic itself");
        }
        if (node.problemCount() > before || account == null || zone == null || hostname == null) {
            return null;
        }
        return new Exposure(account, zone, hostname, tunnel, hasTunnel ? service : null, target);
    }

    private static String dnsName(YamlNode value, String what) {
        String text = value.text();
        if (text == null) {
            return null;
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (!DNS_NAME.matcher(name).matches()) {
            value.problem("'" + text + "' is not " + what);
            return null;
        }
        return name;
    }

    /** Where the tunnel sends traffic: an origin URL the way cloudflared's ingress rules write it. */
    private static String service(YamlNode value) {
        String text = value.text();
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() != null && uri.getHost() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return text;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        value.problem("'" + text + "' is not a service URL for the tunnel, like http://shop.shop.svc.cluster.local:80");
        return null;
    }
}
