package dev.signoff.console;

import dev.signoff.chat.Board;
import dev.signoff.chat.Card;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The board as JSON (the contract of {@code GET /console/api/board} and of the board's events):
 * {@code {"stages": [...], "apps": [row...], "releases": [release...]}}, a row
 * {@code {"app", "channel", "cells": {stage: cell}}}, a release
 * {@code {"release", "id", "channel", "stage", "status", "statusReason", "requestedBy", "members", "messageId", "buttons"}}. A waiting card carries the console message
 * id of its card and that card's buttons as the chat view shows them, so a click on the board is
 * {@code POST /console/api/actions} with the same message id and action id. Times are ISO-8601.
 */
final class BoardJson {
    private BoardJson() {
    }

    /** {@code cardOf}: the card a console message shows now, or null when the console no longer has it. */
    static Map<String, Object> board(Board board, Function<String, Card> cardOf) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stages", board.stages());
        json.put("apps", board.apps().stream().map(r -> row(r, cardOf)).toList());
        json.put("releases", releases(board.releases(), cardOf));
        return json;
    }

    /** The release rows, each with the buttons its card shows now (none when the console no longer has the card). */
    static List<Map<String, Object>> releases(List<Board.ReleaseRow> releases, Function<String, Card> cardOf) {
        return releases.stream().map(r -> release(r, cardOf)).toList();
    }

    private static Map<String, Object> release(Board.ReleaseRow r, Function<String, Card> cardOf) {
        Card card = r.messageId() == null ? null : cardOf.apply(r.messageId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("release", r.release());
        json.put("id", r.id());
        json.put("channel", r.channel());
        json.put("stage", r.stage());
        json.put("status", r.status());
        json.put("statusReason", r.statusReason());
        json.put("requestedBy", r.requestedBy());
        json.put("members", r.members().stream().map(m -> {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("app", m.app());
            member.put("promotionId", m.promotionId());
            member.put("digest", m.digest());
            member.put("shortDigest", m.shortDigest());
            member.put("status", m.status());
            return member;
        }).toList());
        json.put("messageId", card == null ? null : r.messageId());
        json.put("buttons", card == null ? List.of() : card.buttons().stream().map(ConsoleJson::button).toList());
        return json;
    }

    static Map<String, Object> row(Board.Row row, Function<String, Card> cardOf) {
        Map<String, Object> cells = new LinkedHashMap<>();
        row.cells().forEach((stage, cell) -> cells.put(stage, cell(cell, cardOf)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("app", row.app());
        json.put("channel", row.channel());
        json.put("cells", cells);
        return json;
    }

    private static Map<String, Object> cell(Board.Cell cell, Function<String, Card> cardOf) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("stage", cell.stage());
        json.put("image", cell.image());
        json.put("current", cell.current() == null ? null : current(cell.current()));
        json.put("underway", cell.underway().stream().map(BoardJson::underway).toList());
        json.put("waiting", cell.waiting().stream().map(w -> waiting(w, cardOf)).toList());
        json.put("lock", cell.lock() == null ? null : lock(cell.lock()));
        json.put("freeze", cell.freeze() == null ? null : Map.of("window", cell.freeze().window(), "until", cell.freeze().until()));
        return json;
    }

    private static Map<String, Object> current(Board.Current c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("promotionId", c.promotionId());
        json.put("kind", c.kind());
        json.put("digest", c.digest());
        json.put("shortDigest", c.shortDigest());
        json.put("tag", c.tag());
        json.put("since", time(c.since()));
        json.put("promotedBy", c.promotedBy());
        json.put("approvedBy", c.approvedBy());
        return json;
    }

    private static Map<String, Object> underway(Board.Underway u) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("promotionId", u.promotionId());
        json.put("kind", u.kind());
        json.put("digest", u.digest());
        json.put("shortDigest", u.shortDigest());
        json.put("tag", u.tag());
        json.put("requestedBy", u.requestedBy());
        json.put("status", u.status());
        json.put("step", u.step());
        json.put("detail", u.detail());
        json.put("stepNumber", u.stepNumber());
        json.put("stepCount", u.stepCount());
        json.put("paused", u.paused());
        json.put("since", time(u.since()));
        json.put("breakGlass", breakGlass(u.breakGlass()));
        return json;
    }

    private static Map<String, Object> waiting(Board.Waiting w, Function<String, Card> cardOf) {
        Card card = w.messageId() == null ? null : cardOf.apply(w.messageId());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("promotionId", w.promotionId());
        json.put("kind", w.kind());
        json.put("digest", w.digest());
        json.put("shortDigest", w.shortDigest());
        json.put("tag", w.tag());
        json.put("requestedBy", w.requestedBy());
        json.put("approvals", w.approvals());
        json.put("required", w.required());
        json.put("approvedBy", w.approvedBy());
        json.put("expiresAt", time(w.expiresAt()));
        json.put("messageId", card == null ? null : w.messageId());
        json.put("buttons", card == null ? List.of() : card.buttons().stream().map(ConsoleJson::button).toList());
        json.put("breakGlass", breakGlass(w.breakGlass()));
        return json;
    }

    /** A promotion through a freeze: {@code {"reason", "freeze"}}; null for any other. */
    static Map<String, Object> breakGlass(Board.BreakGlass glass) {
        return glass == null ? null : Map.of("reason", glass.reason(), "freeze", glass.freeze());
    }

    private static Map<String, Object> lock(Board.Lock l) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("holder", l.holder());
        json.put("reason", l.reason());
        json.put("since", time(l.since()));
        return json;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
