package dev.signoff.edge;

import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.spi.StepFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hostname's proxied CNAME in its zone ({@code /zones/{zone}/dns_records}). A record of
 * another type with the hostname's name belongs to someone else: it is reported, never
 * overwritten. At sunset only a CNAME that points where this exposure points is removed.
 */
final class DnsRecords {

    /** What a change found and did, for the card. */
    enum Outcome { CREATED, CORRECTED, IN_PLACE, REMOVED, NOT_THERE, KEPT_OTHER }

    private DnsRecords() {
    }

    /** The hostname's records in its zone, as read before any change. */
    record Found(String zone, List<JsonNode> records) {
    }

    /**
     * Reads the hostname's records and refuses, before anything is changed, when a record of
     * another type has the name: it is someone else's, and a CNAME cannot stand beside it.
     */
    static Found check(CloudflareApi api, Exposure exposure) {
        String zone = zoneId(api, exposure);
        List<JsonNode> records = records(api, zone, exposure);
        for (JsonNode record : records) {
            if (!"CNAME".equals(record.path("type").asString(""))) {
                throw new StepFailure(exposure.hostname() + " already has a " + record.path("type").asString("?") + " record ("
                        + record.path("content").asString("") + ", id " + record.path("id").asString("?") + ") in the zone "
                        + exposure.zone() + "; Signoff does not overwrite it: remove it, or expose another hostname", false);
            }
        }
        return new Found(zone, records);
    }

    /** Creates the proxied CNAME, or corrects the one there ({@link #check} came first). */
    static Outcome point(CloudflareApi api, Exposure exposure, Found found) {
        if (found.records().isEmpty()) {
            ObjectNode body = CloudflareApi.JSON.createObjectNode();
            body.put("type", "CNAME");
            body.put("name", exposure.hostname());
            body.put("content", exposure.cnameTarget());
            body.put("proxied", true);
            body.put("ttl", 1);
            body.put("comment", "managed by Signoff");
            api.send("POST", "/zones/" + found.zone() + "/dns_records", body);
            return Outcome.CREATED;
        }
        JsonNode record = found.records().getFirst();
        if (exposure.cnameTarget().equalsIgnoreCase(record.path("content").asString("")) && record.path("proxied").asBoolean(false)) {
            return Outcome.IN_PLACE;
        }
        ObjectNode body = CloudflareApi.JSON.createObjectNode();
        body.put("content", exposure.cnameTarget());
        body.put("proxied", true);
        api.send("PATCH", "/zones/" + found.zone() + "/dns_records/" + record.path("id").asString(), body);
        return Outcome.CORRECTED;
    }

    static Outcome remove(CloudflareApi api, Exposure exposure) {
        String zone = zoneId(api, exposure);
        List<JsonNode> records = records(api, zone, exposure);
        if (records.isEmpty()) {
            return Outcome.NOT_THERE;
        }
        boolean removed = false;
        for (JsonNode record : records) {
            if ("CNAME".equals(record.path("type").asString("")) && exposure.cnameTarget().equalsIgnoreCase(record.path("content").asString(""))) {
                api.send("DELETE", "/zones/" + zone + "/dns_records/" + record.path("id").asString(), null);
                removed = true;
            }
        }
        return removed ? Outcome.REMOVED : Outcome.KEPT_OTHER;
    }

    /** The records of any type with the hostname's name. */
    private static List<JsonNode> records(CloudflareApi api, String zone, Exposure exposure) {
        return api.list("/zones/" + zone + "/dns_records?name=" + encode(exposure.hostname())).stream()
                .filter(r -> exposure.hostname().equalsIgnoreCase(r.path("name").asString("")))
                .toList();
    }

    private static String zoneId(CloudflareApi api, Exposure exposure) {
        List<JsonNode> zones = api.list("/zones?name=" + encode(exposure.zone()) + "&account.id=" + api.account().accountId());
        return zones.stream().filter(z -> exposure.zone().equalsIgnoreCase(z.path("name").asString("")))
                .map(z -> z.path("id").asString()).findFirst()
                .orElseThrow(() -> new StepFailure("Cloudflare account " + api.account().name() + " has no zone " + exposure.zone()
                        + " that its API token can see; the token needs " + CloudflareApi.DNS_EDIT + " for that zone", false));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
