package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import dev.signoff.chat.spi.Reminders;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.PromotionStatus;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.Releases;
import dev.signoff.promotion.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Tells approvers that a card waits for them: a line in the card's thread that mentions them when
 * it is posted, and once, when half its time has passed and it still waits, a reminder that
 * mentions those who have not voted. A stage with {@code remind: false} does neither; a card
 * that does not expire gets no reminder. The reminder is claimed in storage before it is sent, so
 * it goes once whichever replica's sweep finds it first, and not again after a restart; a reminder
 * that reached no one (the chat platform refused it) is given back and tried at the next sweep. A
 * release is reminded once as a whole, in its card's thread, at half the time of its member that
 * expires first, naming the approvers of the members still short of approvals.
 */
@Component
class ApproverCalls {
    private static final Logger log = LoggerFactory.getLogger(ApproverCalls.class);

    private final Promotions promotions;
    private final Releases releases;
    private final PostedCards postedCards;
    private final Reminders reminders;
    private final Map<String, ChatGateway> gateways;
    private final Clock clock;

    ApproverCalls(Promotions promotions, Releases releases, PostedCards postedCards, Reminders reminders, List<ChatGateway> gateways, Clock clock) {
        this.promotions = promotions;
        this.releases = releases;
        this.postedCards = postedCards;
        this.reminders = reminders;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.clock = clock;
    }

    /**
     * Under a card just posted on {@code gateway}'s platform: "Approval needed from …", naming the
     * approvers of each of the card's promotions still waiting whose stage reminds (one for an
     * app's card, each member for a release's), each person or group once.
     */
    void announce(List<PromotionRequest> waiting, ChatGateway gateway, String channel, String messageId) {
        List<Mention> who = waiting.stream()
                .filter(p -> p.status() == PromotionStatus.PENDING_APPROVAL && p.requiredApprovals() > 0)
                .flatMap(p -> reminding(p).stream()
                        .flatMap(stage -> ApproverMentions.of(p, stage.approvalFor(p), promotions.config(), gateway.platform()).stream()))
                .distinct().toList();
        if (!who.isEmpty()) {
            gateway.postMentions(channel, CardWording.approvalNeeded(who), messageId);
        }
    }

    /** The sweep: beside the expiry sweep, at the same pace. */
    @Scheduled(fixedDelayString = "${signoff.expiry-sweep:30s}", initialDelayString = "${signoff.expiry-sweep:30s}")
    void sweep() {
        try {
            remindDue();
        } catch (RuntimeException e) {
            log.warn("the reminder sweep failed: {}", e.toString());
        }
    }

    /** Sends each reminder that is due and not yet sent; returns how many promotions and releases were reminded. */
    int remindDue() {
        Instant now = clock.instant();
        int sent = 0;
        Map<String, List<PromotionRequest>> byRelease = new LinkedHashMap<>();
        for (PromotionRequest p : promotions.waiting()) {
            Optional<String> release = releases.releaseIdOf(p.id());
            if (release.isPresent()) {
                byRelease.computeIfAbsent(release.get(), id -> new ArrayList<>()).add(p);
                continue;
            }
            Optional<Stage> stage = reminding(p);
            if (stage.isEmpty() || !isDue(p, now) || !reminders.claim(p.id(), now)) {
                continue;
            }
            sent++;
            remind(p.id(), List.of(p), p.expiresAt(), now);
        }
        for (Map.Entry<String, List<PromotionRequest>> release : byRelease.entrySet()) {
            sent += remindRelease(release.getKey(), release.getValue(), now) ? 1 : 0;
        }
        return sent;
    }

    /**
     * A release's one reminder, due at half the time of its waiting member that expires first,
     * when the stage of one of its waiting members reminds; claimed under the release's id.
     */
    private boolean remindRelease(String releaseId, List<PromotionRequest> waiting, Instant now) {
        List<PromotionRequest> reminding = waiting.stream().filter(p -> reminding(p).isPresent()).toList();
        Optional<PromotionRequest> first = waiting.stream().filter(p -> p.expiresAt() != null)
                .min(Comparator.comparing(PromotionRequest::expiresAt));
        if (reminding.isEmpty() || first.isEmpty() || !isDue(first.get(), now) || !reminders.claim(releaseId, now)) {
            return false;
        }
        remind(releaseId, reminding, first.get().expiresAt(), now);
        return true;
    }

    /**
     * Under each card posted for {@code cardId}: the approvers of {@code waiting} who have not voted,
     * each once. When every attempt failed, the claim is given back.
     */
    private void remind(String cardId, List<PromotionRequest> waiting, Instant expiresAt, Instant now) {
        int attempted = 0;
        int delivered = 0;
        for (PostedCard card : postedCards.forPromotion(cardId)) {
            ChatGateway gateway = gateways.get(card.platform());
            List<Mention> who = gateway == null ? List.of() : waiting.stream()
                    .flatMap(p -> reminding(p).stream()
                            .flatMap(stage -> ApproverMentions.of(p, stage.approvalFor(p), promotions.config(), card.platform()).stream()))
                    .distinct().toList();
            if (!who.isEmpty()) {
                attempted++;
                delivered += remind(gateway, card, CardWording.stillWaiting(who, Duration.between(now, expiresAt))) ? 1 : 0;
            }
        }
        if (attempted > 0 && delivered == 0) {
            reminders.release(cardId);
        }
    }

    /** Half the card's time has passed and it has not run out. */
    static boolean isDue(PromotionRequest p, Instant now) {
        if (p.expiresAt() == null || !now.isBefore(p.expiresAt())) {
            return false;
        }
        Instant half = p.requestedAt().plus(Duration.between(p.requestedAt(), p.expiresAt()).dividedBy(2));
        return !now.isBefore(half);
    }

    private Optional<Stage> reminding(PromotionRequest p) {
        return promotions.config().stage(p.app(), p.toStage()).filter(Stage::remind);
    }

    private static boolean remind(ChatGateway gateway, PostedCard card, Mention.Line line) {
        try {
            gateway.postMentions(card.channel(), line, card.messageId());
            return true;
        } catch (RuntimeException e) {
            log.warn("could not remind the approvers of {} on {}: {}", card.promotionId(), card.platform(), e.toString());
            return false;
        }
    }
}
