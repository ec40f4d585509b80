package dev.signoff.chat;

import dev.signoff.chat.spi.PostedCard;
import dev.signoff.chat.spi.PostedCards;
import dev.signoff.promotion.AppConfig;
import dev.signoff.promotion.AppStatus;
import dev.signoff.promotion.Digest;
import dev.signoff.promotion.PromotionRequest;
import dev.signoff.promotion.Promotions;
import dev.signoff.promotion.ReleaseRequest;
import dev.signoff.promotion.Releases;
import dev.signoff.promotion.Stage;
import dev.signoff.promotion.StageDeployment;
import dev.signoff.promotion.Step;
import dev.signoff.promotion.events.PromotionEvent;
import dev.signoff.promotion.events.ReleaseChanged;
import dev.signoff.promotion.events.StageLockChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link Board} from what the core stores (the same answers as {@code status}), and
 * tells the board's viewers which row changed: a {@link BoardChanged} for every promotion event
 * and every lock or unlock. Reads on every call; callers coalesce.
 */
@Service
public class PipelineBoard {
    /** How far back the history is read to find the tag a digest came in under. */
    private static final int TAG_HISTORY = 200;

    private final Promotions promotions;
    private final Releases releases;
    private final PostedCards postedCards;
    private final ApplicationEventPublisher publisher;

    PipelineBoard(Promotions promotions, Releases releases, PostedCards postedCards, ApplicationEventPublisher publisher) {
        this.promotions = promotions;
        this.releases = releases;
        this.postedCards = postedCards;
        this.publisher = publisher;
    }

    @EventListener
    void on(PromotionEvent event) {
        publisher.publishEvent(new BoardChanged(event.app()));
    }

    /** A release's own move (approved, finished) changes its row, which goes with its apps' rows. */
    @EventListener
    void on(ReleaseChanged event) {
        promotions.config().release(event.name()).ifPresent(r -> r.apps().forEach(app -> publisher.publishEvent(new BoardChanged(app))));
    }

    @EventListener
    void on(StageLockChanged event) {
        publisher.publishEvent(new BoardChanged(event.app()));
    }

    /** Every app's row, with the message ids of waiting cards on {@code platform}. */
    public Board board(String platform) {
        List<AppConfig> apps = List.copyOf(promotions.config().apps().values());
        return new Board(columns(apps), apps.stream().map(a -> row(a, platform)).toList(), releases(platform));
    }

    /** The latest request of every configured release that was asked for, in the order of the config. */
    public List<Board.ReleaseRow> releases(String platform) {
        return promotions.config().releases().values().stream()
                .flatMap(config -> releases.latest(config.name()).map(r -> releaseRow(r, config.channels().get(platform), platform)).stream())
                .toList();
    }

    /** Whether one of {@code apps} is in a configured release, so that a change in its row may change a release's row. */
    public boolean inRelease(java.util.Collection<String> apps) {
        return promotions.config().releases().values().stream().anyMatch(r -> r.apps().stream().anyMatch(apps::contains));
    }

    private Board.ReleaseRow releaseRow(ReleaseRequest r, String channel, String platform) {
        List<Board.Member> members = releases.members(r).stream().map(m -> new Board.Member(m.app(), m.id(), m.digest().toString(),
                m.digest().shortForm(), m.status().words())).toList();
        return new Board.ReleaseRow(r.name(), r.id(), channel, r.stage(), r.status().words(), r.statusReason(), r.requestedBy(),
                members, messageOn(r.id(), platform));
    }

    private String messageOn(String cardId, String platform) {
        return postedCards.forPromotion(cardId).stream().filter(c -> c.platform().equals(platform)).map(PostedCard::messageId)
                .findFirst().orElse(null);
    }

    /** One app's row, empty for an app that is not configured. */
    public Optional<Board.Row> row(String app, String platform) {
        return promotions.config().app(app).map(a -> row(a, platform));
    }

    /**
     * The columns: every app's stages in pipeline order. A stage only some apps have goes before
     * the next stage of its app that is already a column (dev, staging, prod and dev, test, prod
     * make dev, test, staging, prod), or last.
     */
    static List<String> columns(List<AppConfig> apps) {
        List<String> columns = new ArrayList<>();
        for (AppConfig app : apps) {
            List<String> names = app.stageNames();
            for (int i = 0; i < names.size(); i++) {
                if (columns.contains(names.get(i))) {
                    continue;
                }
                int at = columns.size();
                for (String later : names.subList(i + 1, names.size())) {
                    if (columns.contains(later)) {
                        at = columns.indexOf(later);
                        break;
                    }
                }
                columns.add(at, names.get(i));
            }
        }
        return List.copyOf(columns);
    }

    private Board.Row row(AppConfig app, String platform) {
        AppStatus status = promotions.status(app.name());
        List<PromotionRequest> history = promotions.history(app.name(), null, TAG_HISTORY);
        Map<String, Board.Cell> cells = new LinkedHashMap<>();
        for (AppStatus.StageStatus s : status.stages()) {
            cells.put(s.stage().name(), new Board.Cell(s.stage().name(), s.stage().image().toString(),
                    current(app, s.stage(), s.current(), history),
                    s.underway().stream().map(p -> underway(app, s.stage(), p, history)).toList(),
                    s.pending().stream().map(p -> waiting(app, p, history, platform)).toList(),
                    s.lock() == null ? null : new Board.Lock(s.lock().holder(), s.lock().reason(), s.lock().since()),
                    s.freeze() == null ? null : new Board.Freeze(s.freeze().toString(), s.freeze().endText())));
        }
        return new Board.Row(app.name(), app.channels().get(platform), cells);
    }

    private Board.Current current(AppConfig app, Stage stage, StageDeployment d, List<PromotionRequest> history) {
        if (d == null) {
            return null;
        }
        List<String> approvedBy = promotions.find(d.promotionId()).map(PromotionRequest::approvers).orElse(List.of());
        return new Board.Current(d.digest().toString(), d.digest().shortForm(), tag(app, stage, d.digest(), history),
                d.since(), d.promotedBy(), approvedBy, words(d.kind()), d.promotionId());
    }

    private Board.Underway underway(AppConfig app, Stage stage, PromotionRequest p, List<PromotionRequest> history) {
        Optional<Step> running = p.runningStep();
        List<String> plan = stage.steps(p.kind());
        // the plan step it is in: the outermost running step the plan names (a pause runs inside deploy)
        int stepNumber = p.steps().stream().filter(Step::isRunning).map(s -> plan.indexOf(s.name()))
                .filter(i -> i >= 0).findFirst().map(i -> i + 1).orElse(0);
        return new Board.Underway(p.id(), words(p.kind()), p.digest().toString(), p.digest().shortForm(),
                tag(app, stage, p.digest(), history), p.requestedBy(), p.status().words(),
                running.map(Step::name).orElse(null), running.map(Step::detail).orElse(null), stepNumber, plan.size(),
                p.isPaused(), running.map(Step::startedAt).orElse(p.updatedAt()), breakGlass(p));
    }

    /**
     * A card waiting for approval. A release's app shows as "release <name>" and points at the
     * release's one card, so its buttons act on the whole release.
     */
    private Board.Waiting waiting(AppConfig app, PromotionRequest p, List<PromotionRequest> history, String platform) {
        Optional<ReleaseRequest> release = releases.ofPromotion(p.id());
        String messageId = messageOn(release.map(ReleaseRequest::id).orElse(p.id()), platform);
        Stage stage = app.stage(p.toStage()).orElseThrow();
        return new Board.Waiting(p.id(), release.map(r -> "release " + r.name()).orElse(words(p.kind())), p.digest().toString(), p.digest().shortForm(),
                tag(app, stage, p.digest(), history), p.requestedBy(), p.approvals(), p.requiredApprovals(),
                p.approvers(), p.expiresAt(), messageId, breakGlass(p));
    }

    /**
     * The tag a digest came into the pipeline under: the source tag of its oldest promotion in
     * the history that names a tag of its own (not a stage's tag, like "dev", which moves), or
     * else the stage's own tag.
     */
    private static String tag(AppConfig app, Stage stage, Digest digest, List<PromotionRequest> history) {
        return history.reversed().stream()
                .filter(p -> p.digest().equals(digest) && p.source() != null && p.source().tag() != null)
                .map(p -> p.source().tag())
                .filter(t -> app.stageWithTag(t).isEmpty())
                .findFirst().orElse(stage.image().tag());
    }

    private static Board.BreakGlass breakGlass(PromotionRequest p) {
        return p.breakGlass().map(glass -> new Board.BreakGlass(glass.reason(), glass.freeze())).orElse(null);
    }

    private static String words(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
