package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.Releases;
import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.PromotionFinished;
import dev.signoff.promotion.events.PromotionRequested;
import dev.signoff.promotion.events.ReleaseChanged;
import dev.signoff.promotion.events.StepProgressed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps posted cards telling the truth. A new promotion's card is posted, in the publishing
 * thread, to every platform where the app has a channel; later events edit the same message.
 * Edits are coalesced per card to the platform's {@link ChatGateway#minUpdateInterval()}: the
 * card is re-rendered from the stored promotion when the edit runs, so the last state always
 * shows even when intermediate ones are skipped. Step ends and outcomes also go to the card's thread,
 * and so does the line that calls a new card's approvers ({@link ApproverCalls}). A release has one
 * card, in the release's channels, under the release's id: its members' events edit that card, and
 * their thread lines go under it, each naming its app.
 */
@Component
class CardUpdater {
    private static final Logger log = LoggerFactory.getLogger(CardUpdater.class);
    /** What {@code signoff_chat_api_errors_total} counts: posting a card, editing it, a line in its thread. */
    private static final List<String> OPERATIONS = List.of("post", "edit", "thread");

    private final Promotions promotions;
    private final Releases releases;
    private final PostedCards postedCards;
    private final ButtonIssuer buttons;
    private final ApproverCalls calls;
    private final Map<String, ChatGateway> gateways;
    private final Clock clock;
    /** One thread per platform, so a platform that makes us wait (a 429) holds up only its own cards. */
    private final Map<String, ScheduledExecutorService> schedulers = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastEdit = new ConcurrentHashMap<>();
    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();

    CardUpdater(Promotions promotions, Releases releases, PostedCards postedCards, ButtonIssuer buttons, ApproverCalls calls,
                List<ChatGateway> gateways,
                Clock clock) {
        this.promotions = promotions;
        this.releases = releases;
        this.postedCards = postedCards;
        this.buttons = buttons;
        this.calls = calls;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.clock = clock;
        this.gateways.keySet().forEach(platform -> OPERATIONS.forEach(operation -> apiErrors(platform, operation)));
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        schedulers.values().forEach(ScheduledExecutorService::shutdown);
    }

    /** One thread per platform, at the lowest priority: edits can wait while requests are acknowledged. */
    private ScheduledExecutorService scheduler(String platform) {
        return schedulers.computeIfAbsent(platform, name -> Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("card-updater-" + name).priority(Thread.MIN_PRIORITY).daemon().factory()));
    }

    @EventListener
    void on(PromotionEvent event) {
        var release = releases.releaseIdOf(event.promotionId());
        if (event instanceof PromotionRequested requested && release.isEmpty()) {
            post(requested.promotionId());
            return;
        }
        String cardId = release.orElse(event.promotionId());
        String prefix = release.isPresent() ? event.app() + ": " : "";
        for (PostedCard card : postedCards.forPromotion(cardId)) {
            scheduleEdit(card);
            threadLine(event).ifPresent(line -> scheduler(card.platform()).execute(() -> postInThread(card, prefix + line)));
        }
    }

    @EventListener
    void on(ReleaseChanged event) {
        if (event.requested()) {
            ReleaseRequest r = releases.find(event.releaseId()).orElseThrow();
            post(r.id(), promotions.config().release(r.name()).orElseThrow().channels(), releaseCard(r), releases.members(r));
            return;
        }
        postedCards.forPromotion(event.releaseId()).forEach(this::scheduleEdit);
    }

    private Card releaseCard(ReleaseRequest r) {
        var members = releases.members(r);
        return ReleaseWording.card(r, members, releases.undos(r), promotions.config(), buttons.tokensFor(r, members));
    }

    /** The card behind a posted card's id: a promotion's, or a release's. */
    private Card render(String id) {
        return promotions.find(id).map(p -> CardWording.card(p, promotions.config(), buttons.tokensFor(p)))
                .orElseGet(() -> releaseCard(releases.find(id).orElseThrow()));
    }

    private void post(String promotionId) {
        PromotionRequest p = promotions.find(promotionId).orElseThrow();
        AppConfig app = promotions.config().app(p.app()).orElseThrow();
        post(p.id(), app.channels(), CardWording.card(p, promotions.config(), buttons.tokensFor(p)), List.of(p));
    }

    /** Posts {@code card} under {@code id} in each channel, then calls the approvers of the promotions {@code waiting} on it. */
    private void post(String id, Map<String, String> channels, Card card, List<PromotionRequest> waiting) {
        channels.forEach((platform, channel) -> {
            ChatGateway gateway = gateways.get(platform);
            if (gateway == null) {
                return;
            }
            String messageId;
            try {
                messageId = gateway.postCard(channel, card);
                postedCards.remember(new PostedCard(id, platform, channel, messageId, clock.instant()));
            } catch (RuntimeException e) {
                failed(platform, "post");
                log.warn("could not post the card of {} to {} channel {}: {}", id, platform, channel, e.toString());
                return;
            }
            try {
                calls.announce(waiting, gateway, channel, messageId);
            } catch (RuntimeException e) {
                failed(platform, "thread");
                log.warn("could not mention the approvers of {} on {}: {}", id, platform, e.toString());
            }
        });
    }

    private void scheduleEdit(PostedCard card) {
        ChatGateway gateway = gateways.get(card.platform());
        if (gateway == null) {
            return;
        }
        String key = card.platform() + "/" + card.messageId();
        if (scheduled.putIfAbsent(key, Boolean.TRUE) != null) {
            return; // an edit is already due; it will render the latest state
        }
        Instant earliest = lastEdit.getOrDefault(key, Instant.EPOCH).plus(gateway.minUpdateInterval());
        long delay = Math.max(0, Duration.between(clock.instant(), earliest).toMillis());
        scheduler(card.platform()).schedule(() -> edit(card, gateway, key), delay, TimeUnit.MILLISECONDS);
    }

    private void edit(PostedCard card, ChatGateway gateway, String key) {
        scheduled.remove(key);
        lastEdit.put(key, clock.instant());
        try {
            Card rendered = render(card.promotionId());
            gateway.updateCard(card.channel(), card.messageId(), rendered);
            if (rendered.tone() != Card.Tone.PENDING && rendered.tone() != Card.Tone.RUNNING) { // it has ended
                lastEdit.remove(key);
            }
        } catch (RuntimeException e) {
            failed(card.platform(), "edit");
            log.warn("could not edit the card of promotion {} on {}: {}", card.promotionId(), card.platform(), e.toString());
        }
    }

    private void postInThread(PostedCard card, String line) {
        try {
            gateways.get(card.platform()).postText(card.channel(), line, card.messageId());
        } catch (RuntimeException e) {
            failed(card.platform(), "thread");
            log.warn("could not post in the thread of promotion {} on {}: {}", card.promotionId(), card.platform(), e.toString());
        }
    }

    private static void failed(String platform, String operation) {
        apiErrors(platform, operation).increment();
    }

    /**
     * {@code signoff_chat_api_errors_total{platform,operation}}; there from start-up, at zero, for
     * every operation on every platform with a gateway.
     */
    private static io.micrometer.core.instrument.Counter apiErrors(String platform, String operation) {
        return io.micrometer.core.instrument.Counter.builder("signoff.chat.api.errors")
                .description("Card posts, card edits and thread lines that a chat platform's API refused or failed")
                .tag("platform", platform).tag("operation", operation)
                .register(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    private static java.util.Optional<String> threadLine(PromotionEvent event) {
        return switch (event) {
            case StepProgressed s when s.state() != dev.signoff.promotion.Step.State.RUNNING -> java.util.Optional.of(CardWording.stepLine(s.step(), s.state(), s.detail()));
            case PromotionDecided d when d.outcome() != dev.signoff.promotion.PromotionStatus.APPROVED -> java.util.Optional.of(d.outcome().words()
                    + " by " + d.by() + (d.reason() != null ? ": " + d.reason() : ""));
            case PromotionFinished f -> java.util.Optional.of(f.outcome().words() + (f.reason() != null ? ": " + f.reason() : ""));
            default -> java.util.Optional.empty();
        };
    }
}
