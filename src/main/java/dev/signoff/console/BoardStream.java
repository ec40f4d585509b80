package dev.signoff.console;

import dev.signoff.chat.BoardChanged;
import dev.signoff.chat.PipelineBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The board's server-sent events ({@code GET /console/api/board/events}): a {@code board} event
 * with the whole board when a viewer connects and once a {@link #REFRESH minute} (freezes begin
 * and end without an event), a {@code row} event with an app's row when something in it
 * changed, and then a {@code releases} event with every release's row when that app is in a release. Changes are coalesced for {@link #COALESCE}, so a copy reporting its progress sends
 * a few rows a second at most, and nothing is read while no one watches.
 * <p>
 * Threading: everything sent goes out from one thread, in order, so a viewer never gets a row
 * older than the board it got before it. A viewer is sent the board before it gets rows.
 */
@Component
class BoardStream implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(BoardStream.class);
    static final String PLATFORM = "console";
    static final Duration COALESCE = Duration.ofMillis(200);
    static final Duration REFRESH = Duration.ofMinutes(1);
    /** A connection is closed after this; the browser's EventSource reconnects and gets the whole board again. */
    static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final PipelineBoard board;
    private final ConsoleChannels channels;
    private final Set<SseEmitter> viewers = ConcurrentHashMap.newKeySet();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushDue = new AtomicBoolean();
    /** Made on start and shut down on stop: a test context is stopped while paused and started again. */
    private volatile ScheduledExecutorService sender;
    private volatile boolean running;

    BoardStream(PipelineBoard board, ConsoleChannels channels) {
        this.board = board;
        this.channels = channels;
    }

    /** The board as JSON, as {@code GET /console/api/board} answers it. */
    Map<String, Object> boardJson() {
        return BoardJson.board(board.board(PLATFORM), this::cardOf);
    }

    SseEmitter subscribe() {
        SseEmitter viewer = new SseEmitter(TIMEOUT.toMillis());
        viewer.onCompletion(() -> viewers.remove(viewer));
        viewer.onTimeout(() -> viewers.remove(viewer));
        viewer.onError(e -> viewers.remove(viewer));
        if (!later(() -> {
            if (send(viewer, "board", boardJson())) {
                viewers.add(viewer);
            }
        }, Duration.ZERO)) {
            viewer.complete(); // stopping: the browser tries again
        }
        return viewer;
    }

    @EventListener
    void on(BoardChanged change) {
        if (viewers.isEmpty()) {
            return; // a viewer who connects later gets the whole board
        }
        changed.add(change.app());
        if (flushDue.compareAndSet(false, true) && !later(this::sendChangedRows, COALESCE)) {
            flushDue.set(false);
        }
    }

    /** Runs {@code work} on the sender thread after {@code delay}; false when stopped. */
    private boolean later(Runnable work, Duration delay) {
        ScheduledExecutorService s = sender;
        try {
            return s != null && running && s.schedule(work, delay.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    private void sendChangedRows() {
        flushDue.set(false);
        List<String> apps = new ArrayList<>(changed);
        changed.removeAll(apps);
        for (String app : apps) {
            board.row(app, PLATFORM).map(row -> BoardJson.row(row, this::cardOf))
                    .ifPresent(row -> viewers.forEach(v -> send(v, "row", row)));
        }
        if (board.inRelease(apps)) {
            List<Map<String, Object>> releases = BoardJson.releases(board.releases(PLATFORM), this::cardOf);
            viewers.forEach(v -> send(v, "releases", releases));
        }
    }

    private void sendBoard() {
        if (!viewers.isEmpty()) {
            Map<String, Object> json = boardJson();
            viewers.forEach(v -> send(v, "board", json));
        }
    }

    private boolean send(SseEmitter viewer, String name, Object data) {
        try {
            viewer.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            return true;
        } catch (IOException | IllegalStateException gone) {
            viewers.remove(viewer);
            log.debug("board viewer gone: {}", gone.toString());
            return false;
        } catch (RuntimeException e) {
            log.warn("could not send the board: {}", e.toString());
            return false;
        }
    }

    private dev.signoff.chat.Card cardOf(String messageId) {
        return channels.find(messageId).map(ConsoleMessage::card).orElse(null);
    }

    @Override
    public synchronized void start() {
        sender = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("board-events").priority(Thread.MIN_PRIORITY).daemon().factory());
        sender.scheduleAtFixedRate(this::sendBoard, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /** Closes the open streams first, so graceful shutdown does not wait for viewers that never leave. */
    @Override
    public synchronized void stop() {
        running = false;
        sender.shutdownNow();
        changed.clear();
        flushDue.set(false);
        viewers.forEach(SseEmitter::complete);
        viewers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
