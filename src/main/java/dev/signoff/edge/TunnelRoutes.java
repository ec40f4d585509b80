package dev.signoff.edge;

import dev.signoff.promotion.Exposure;
import dev.signoff.promotion.spi.StepFailure;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A hostname's rule in a Cloudflare Tunnel's remotely managed configuration
 * ({@code /accounts/{account}/cfd_tunnel/{tunnel}/configurations}). Cloudflare's PUT replaces the
 * whole document, so each change is read, change, write, read back: every other rule and every
 * other key of the document is written back exactly as it was read.
 * <p>
 * Concurrency: writes to one tunnel are serialised within this process by a lock per tunnel id.
 * Another replica (or a person in the dashboard) may still write between our read and our write;
 * the read-back then shows the document without our change, and the change is made again, up to
 * {@link #ROUNDS} times. A writer that loses its change to ours sees the same on its own
 * read-back. Cloudflare offers no conditional PUT, so this is as close as the API allows.
 */
final class TunnelRoutes {
    static final int ROUNDS = 3;
    private static final String CATCH_ALL = "http_status:404";
    private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** What a change found and did, for the card. */
    enum Outcome { ADDED, CORRECTED, IN_PLACE, REMOVED, NOT_THERE }

    private TunnelRoutes() {
    }

    /** Makes the tunnel route the hostname to the service, in exactly one rule before the catch-all. */
    static Outcome route(CloudflareApi api, Exposure exposure) {
        return change(api, exposure, true);
    }

    /** Removes the hostname's rules from the tunnel, leaving every other rule as it was. */
    static Outcome unroute(CloudflareApi api, Exposure exposure) {
        return change(api, exposure, false);
    }

    private static Outcome change(CloudflareApi api, Exposure exposure, boolean present) {
        String path = "/accounts/" + api.account().accountId() + "/cfd_tunnel/" + exposure.tunnel() + "/configurations";
        ReentrantLock lock = LOCKS.computeIfAbsent(exposure.tunnel(), id -> new ReentrantLock());
        lock.lock();
        try {
            Outcome first = null;
            for (int round = 1; round <= ROUNDS; round++) {
                ObjectNode config = config(api.get(path));
                Outcome outcome = present ? put(config, exposure) : remove(config, exposure);
                if (first == null) {
                    first = outcome;
                }
                if (outcome == Outcome.IN_PLACE || outcome == Outcome.NOT_THERE) {
                    return first;
                }
                ObjectNode body = CloudflareApi.JSON.createObjectNode();
                body.set("config", config);
                api.send("PUT", path, body);
                ObjectNode after = config(api.get(path));
                Outcome check = present ? put(after, exposure) : remove(after, exposure);
                if (check == Outcome.IN_PLACE || check == Outcome.NOT_THERE) {
                    return first;
                }
            }
            throw new StepFailure("Cloudflare tunnel " + exposure.tunnel() + ": the rule for " + exposure.hostname()
                    + " was overwritten by another writer " + ROUNDS + " times in a row; try again", true);
        } finally {
            lock.unlock();
        }
    }

    /** The tunnel's {@code config} to change; a tunnel never configured has none yet. */
    private static ObjectNode config(JsonNode result) {
        JsonNode config = result.path("config");
        ObjectNode copy = config instanceof ObjectNode object ? object.deepCopy() : CloudflareApi.JSON.createObjectNode();
        if (!(copy.path("ingress") instanceof ArrayNode)) {
            copy.putArray("ingress");
        }
        return copy;
    }

    /**
     * Puts {@code {hostname, service}} into {@code config}'s ingress exactly once, before the
     * catch-all rule; says what that took. A rule of the hostname that is already there keeps its
     * place and its other settings ({@code originRequest}); only its service and path are set.
     */
    private static Outcome put(ObjectNode config, Exposure exposure) {
        ArrayNode ingress = (ArrayNode) config.get("ingress");
        java.util.List<Integer> ours = new java.util.ArrayList<>();
        for (int i = 0; i < ingress.size(); i++) {
            if (isFor(ingress.get(i), exposure)) {
                ours.add(i);
            }
        }
        int catchAll = catchAll(ingress);
        if (ours.size() == 1 && isExactly(ingress.get(ours.getFirst()), exposure) && (catchAll < 0 || ours.getFirst() < catchAll)) {
            return catchAll < 0 ? addCatchAll(ingress) : Outcome.IN_PLACE;
        }
        if (ours.isEmpty()) {
            if (catchAll < 0) {
                ingress.add(rule(exposure));
                addCatchAll(ingress);
            } else {
                ingress.insert(catchAll, rule(exposure));
            }
            return Outcome.ADDED;
        }
        ObjectNode kept = ingress.get(ours.getFirst()) instanceof ObjectNode o ? o.deepCopy() : rule(exposure);
        kept.put("service", exposure.service());
        kept.remove("path");
        for (int i = ours.size() - 1; i >= 0; i--) {
            ingress.remove((int) ours.get(i));
        }
        int position = Math.min(ours.getFirst(), catchAll(ingress) < 0 ? ingress.size() : catchAll(ingress));
        ingress.insert(position, kept);
        if (catchAll(ingress) < 0) {
            addCatchAll(ingress);
        }
        return Outcome.CORRECTED;
    }

    /** cloudflared needs a last rule that matches everything; a tunnel without one gets a 404 for the rest. */
    private static Outcome addCatchAll(ArrayNode ingress) {
        ingress.addObject().put("service", CATCH_ALL);
        return Outcome.CORRECTED;
    }

    private static Outcome remove(ObjectNode config, Exposure exposure) {
        ArrayNode ingress = (ArrayNode) config.get("ingress");
        boolean removed = false;
        for (int i = ingress.size() - 1; i >= 0; i--) {
            if (isFor(ingress.get(i), exposure)) {
                ingress.remove(i);
                removed = true;
            }
        }
        return removed ? Outcome.REMOVED : Outcome.NOT_THERE;
    }

    /** A rule routes the hostname when it names it: whatever its path or service, it is this exposure's. */
    private static boolean isFor(JsonNode rule, Exposure exposure) {
        return exposure.hostname().equalsIgnoreCase(rule.path("hostname").asString(""));
    }

    private static boolean isExactly(JsonNode rule, Exposure exposure) {
        return rule.path("service").asString("").equals(exposure.service()) && !rule.has("path");
    }

    /** The first rule without a hostname or path: cloudflared sends everything left there. */
    private static int catchAll(ArrayNode ingress) {
        for (int i = 0; i < ingress.size(); i++) {
            JsonNode rule = ingress.get(i);
            if (!rule.has("hostname") && !rule.has("path")) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode rule(Exposure exposure) {
        ObjectNode rule = CloudflareApi.JSON.createObjectNode();
        rule.put("hostname", exposure.hostname());
        rule.put("service", exposure.service());
        return rule;
    }
}
