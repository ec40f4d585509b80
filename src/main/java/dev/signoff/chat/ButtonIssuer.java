package dev.signoff.chat;

import dev.signoff.chat.spi.ButtonToken;
import dev.signoff.chat.spi.ButtonTokens;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.Ids;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.ReleaseRequest;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues the stored, expiring tokens that card buttons carry, and reads them back on a click.
 * A card keeps its tokens while this process runs; after a restart a re-rendered card gets new
 * ones and the old ones stay valid until they expire.
 */
@Component
class ButtonIssuer {
    /** How long a button works when the promotion itself has no expiry. */
    static final Duration DEFAULT_LIFESPAN = Duration.ofDays(7);
    /** How long a confirmation asked of one person can be answered (Discord keeps an interaction for 15 minutes). */
    static final Duration CONFIRM_LIFESPAN = Duration.ofMinutes(15);

    private final ButtonTokens tokens;
    private final Clock clock;
    private final Map<String, Map<ButtonAction, String>> issued = new ConcurrentHashMap<>();

    ButtonIssuer(ButtonTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * A token for each button of {@code p}'s card ({@link CardWording#actions}): Approve and Reject
     * while it waits, until it expires; Continue and Abort at a pause; Abort while it runs. None once it has ended.
     */
    Map<ButtonAction, String> tokensFor(PromotionRequest p) {
        if (p.status() == PromotionStatus.PENDING_APPROVAL) {
            Instant expires = p.expiresAt() != null ? p.expiresAt() : clock.instant().plus(DEFAULT_LIFESPAN);
            return issued.computeIfAbsent(p.id(), id -> issue(p, expires));
        }
        if (p.isPaused()) {
            // One pair per pause: a new pause gets new tokens, so an old Continue cannot skip it.
            String key = p.id() + "@" + p.runningStep().orElseThrow().startedAt();
            return issued.computeIfAbsent(key, id -> issue(p, clock.instant().plus(DEFAULT_LIFESPAN)));
        }
        if (p.status().isRunning()) {
            // One Abort for the whole run, between pauses.
            return issued.computeIfAbsent(p.id() + "@running", id -> issue(p, clock.instant().plus(DEFAULT_LIFESPAN)));
        }
        issued.keySet().removeIf(key -> key.equals(p.id()) || key.startsWith(p.id() + "@"));
        return Map.of();
    }

    /**
     * A token for each button of a release's card ({@link ReleaseWording#actions}), carrying the
     * release's id and its first member's digest (a release's digests are fixed when it is asked for).
     */
    Map<ButtonAction, String> tokensFor(ReleaseRequest r, List<PromotionRequest> members) {
        if (ReleaseWording.actions(r).isEmpty()) {
            issued.keySet().removeIf(key -> key.startsWith(r.id() + "@"));
            return Map.of();
        }
        Instant expires = members.stream().map(PromotionRequest::expiresAt).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                .filter(e -> r.status() == PromotionStatus.PENDING_APPROVAL).orElse(clock.instant().plus(DEFAULT_LIFESPAN));
        return issued.computeIfAbsent(r.id() + "@" + r.status(), key -> {
            Map<ButtonAction, String> byAction = new EnumMap<>(ButtonAction.class);
            for (ButtonAction action : ReleaseWording.actions(r)) {
                String token = Ids.random(24);
                tokens.store(new ButtonToken(token, r.id(), action, members.getFirst().digest(), expires));
                byAction.put(action, token);
            }
            return Collections.unmodifiableMap(byAction);
        });
    }

    private Map<ButtonAction, String> issue(PromotionRequest p, Instant expires) {
        Map<ButtonAction, String> byAction = new EnumMap<>(ButtonAction.class);
        for (ButtonAction action : CardWording.actions(p)) {
            String token = Ids.random(24);
            tokens.store(new ButtonToken(token, p.id(), action, p.digest(), expires));
            byAction.put(action, token);
        }
        return Collections.unmodifiableMap(byAction);
    }

    /**
     * A token for the second click of a confirmed Approve: it approves {@code p}'s digest, only for
     * {@code person}, for {@link #CONFIRM_LIFESPAN} (no longer than the promotion waits).
     */
    String confirmFor(PromotionRequest p, String person) {
        return confirmFor(p.id(), p.digest(), p.expiresAt(), person);
    }

    /** The same for a release's card: it approves the release, whose members' digests were fixed when it was asked for. */
    String confirmFor(ReleaseRequest r, List<PromotionRequest> members, String person) {
        Instant waitsUntil = members.stream().map(PromotionRequest::expiresAt).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
        return confirmFor(r.id(), members.getFirst().digest(), waitsUntil, person);
    }

    private String confirmFor(String id, Digest digest, Instant waitsUntil, String person) {
        Instant expires = clock.instant().plus(CONFIRM_LIFESPAN);
        if (waitsUntil != null && waitsUntil.isBefore(expires)) {
            expires = waitsUntil;
        }
        String token = Ids.random(24);
        tokens.store(new ButtonToken(token, id, ButtonAction.CONFIRM, digest, expires, person));
        return token;
    }

    /** The token behind a click, if it is known and still valid. */
    Optional<ButtonToken> redeem(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return tokens.find(token).filter(t -> !t.isExpiredAt(clock.instant()));
    }
}
