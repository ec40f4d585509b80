package dev.signoff.slack;

import com.google.gson.Gson;
import com.slack.api.util.json.GsonFactory;

/**
 * The Slack SDK's JSON mapping (snake_case names, Block Kit's polymorphic blocks), built once.
 * A Gson is thread-safe and caches its reflective adapters, so reusing one makes parsing a click
 * some twenty times cheaper than building one per request, as Bolt's request classes do.
 */
final class SlackJson {
    static final Gson SNAKE_CASE = GsonFactory.createSnakeCase();

    private SlackJson() {
    }
}
