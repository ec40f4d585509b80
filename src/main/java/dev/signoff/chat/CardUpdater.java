package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.events.PromotionDecided;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.PromotionFinished;
import dev.signoff.promotion.events.PromotionRequested;
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
 * and so does the line that calls a new card's approvers ({@link ApproverCalls}).
 */
@Component
class CardUpdater {
    private static final Logger log = LoggerFactory.getLogger(CardUpdater.class);
    /** What {@code signoff_chat_api_errors_total} counts: posting a card, editing it, a line in its thread. */
    private static final List<String> OPERATIONS = List.of("post", "edit", "thread");

    private final Promotions promotions;
    private final PostedCards postedCards;
    private final ButtonIssuer buttons;
    private final ApproverCalls calls;
    private final Map<String, ChatGateway> gateways;
    private final Clock clock;
    /** One thread per platform, so a platform that makes us wait (a 429) holds up only its own cards. */
    private final Map<String, ScheduledExecutorService> schedulers = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastEdit = new ConcurrentHashMap<>();
    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();

    CardUpdater(Promotions promotions, PostedCards postedCards, ButtonIssuer buttons, ApproverCalls calls, List<ChatGateway> gateways,
                Clock clock) {
        this.promotions = promotions;
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
        if (event instanceof PromotionRequested requested) {
            post(requested.promotionId());
            return;
        }
        for (PostedCard card : postedCards.forPromotion(event.promotionId())) {
            scheduleEdit(card);
            threadLine(event).ifPresent(line -> scheduler(card.platform()).execute(() -> postInThread(card, line)));
        }
    }

    private void post(String promotionId) {
        PromotionRequest p = promotions.find(promotionId).orElseThrow();
        AppConfig app = promotions.config().app(p.app()).orElseThrow();
        Card card = CardWording.card(p, promotions.config(), buttons.tokensFor(p));
        app.channels().forEach((platform, channel) -> {
            ChatGateway gateway = gateways.get(platform);
            if (gateway == null) {
                return;
            }
            String messageId;
            try {
                messageId = gateway.postCard(channel, card);
                postedCards.remember(new PostedCard(p.id(), platform, channel, messageId, clock.instant()));
            } catch (RuntimeException e) {
                failed(platform, "post");
                log.warn("could not post the card of promotion {} to {} channel {}: {}", p.id(), platform, channel, e.toString());
                return;
            }
            try {
                calls.announce(p, gateway, channel, messageId);
            } catch (RuntimeException e) {
                failed(platform, "thread");
                log.warn("could not mention the approvers of promotion {} on {}: {}", p.id(), platform, e.toString());
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
            PromotionRequest p = promotions.find(card.promotionId()).orElseThrow();
            gateway.updateCard(card.channel(), card.messageId(), CardWording.card(p, promotions.config(), buttons.tokensFor(p)));
            if (p.status().isTerminal()) {
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
