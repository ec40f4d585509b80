package dev.signoff.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.signoff.chat.Card;

import java.util.ArrayList;
import java.util.List;

/**
 * The neutral {@link Card} in Block Kit: a header, the status, the fields two columns wide (a
 * field with a URL shows its value as a link), the steps, the buttons (each carries its stored
 * token as {@code value} and the action as {@code action_id}; one that asks first carries a
 * {@code confirm} dialog), and a context line with the
 * promotion id and the full digest. Every text is escaped and cut to Slack's limits, so a long
 * failure reason never makes Slack refuse the edit.
 */
final class SlackBlocks {
    private SlackBlocks() {
    }

    static List<LayoutBlock> render(Card card) {
        List<LayoutBlock> content = new ArrayList<>();
        content.add(HeaderBlock.builder().blockId("title")
                .text(PlainTextObject.builder().text(SlackText.cut(card.title(), SlackText.HEADER)).emoji(true).build()).build());
        content.add(section("status", "*Status:* " + mark(card.tone()) + " " + SlackText.escape(card.status())));
        List<TextObject> fields = card.fields().stream().map(SlackBlocks::field).toList();
        for (int i = 0; i < fields.size(); i += SlackText.FIELDS_PER_SECTION) {
            content.add(SectionBlock.builder().blockId("fields-" + (i / SlackText.FIELDS_PER_SECTION + 1))
                    .fields(fields.subList(i, Math.min(fields.size(), i + SlackText.FIELDS_PER_SECTION))).build());
        }
        if (!card.steps().isEmpty()) {
            content.add(section("steps", latest("*Steps*", card.steps())));
        }

        List<LayoutBlock> tail = new ArrayList<>();
        if (!card.buttons().isEmpty()) {
            List<BlockElement> buttons = card.buttons().stream().map(SlackBlocks::button).map(b -> (BlockElement) b).toList();
            tail.add(ActionsBlock.builder().blockId("actions").elements(buttons).build());
        }
        if (card.footer() != null) {
            tail.add(ContextBlock.builder().blockId("footer").elements(List.<ContextBlockElement>of(
                    markdown(SlackText.mrkdwn(card.footer(), SlackText.CONTEXT)))).build());
        }
        List<LayoutBlock> blocks = new ArrayList<>(content.subList(0, Math.min(content.size(), SlackText.BLOCKS - tail.size())));
        blocks.addAll(tail);
        return blocks;
    }

    /** The message's plain text: what notifications and screen readers show. */
    static String fallbackText(Card card) {
        return SlackText.mrkdwn(card.title() + ": " + card.status(), SlackText.MESSAGE);
    }

    /** The label in bold over the value; the value is a link when the field has one and the whole link fits. */
    private static TextObject field(Card.Field f) {
        if (f.url() != null) {
            String linked = "*" + SlackText.escape(f.label()) + "*\n" + SlackText.link(f.url(), f.value());
            if (linked.length() <= SlackText.FIELD) {
                return markdown(linked);
            }
        }
        return markdown(SlackText.mrkdwn("*" + f.label() + "*\n" + f.value(), SlackText.FIELD));
    }

    private static ButtonElement button(Card.Button b) {
        return ButtonElement.builder()
                .actionId(b.action().id())
                .value(b.token())
                .text(PlainTextObject.builder().text(SlackText.cut(b.label(), SlackText.BUTTON)).emoji(true).build())
                .style(switch (b.style()) {
                    case PRIMARY -> "primary";
                    case DANGER -> "danger";
                    case DEFAULT -> null;
                })
                .confirm(b.confirm() == null ? null : confirm(b.confirm()))
                .build();
    }

    /** Slack's confirmation dialog object: every text plain, cut to Slack's limits. */
    private static ConfirmationDialogObject confirm(Card.Confirmation c) {
        return ConfirmationDialogObject.builder()
                .title(plain(c.title(), SlackText.CONFIRM_TITLE))
                .text(plain(c.question(), SlackText.CONFIRM_TEXT))
                .confirm(plain(c.confirm(), SlackText.CONFIRM_BUTTON))
                .deny(plain(c.deny(), SlackText.CONFIRM_BUTTON))
                .style("primary")
                .build();
    }

    private static PlainTextObject plain(String text, int max) {
        return PlainTextObject.builder().text(SlackText.cut(text, max)).emoji(true).build();
    }

    /** The steps under a title; when they do not fit, the oldest lines give way, since the last one is the news. */
    private static String latest(String title, List<String> lines) {
        List<String> kept = new ArrayList<>(lines.stream().map(SlackText::escape).toList());
        while (kept.size() > 1 && length(title, kept) > SlackText.SECTION) {
            kept.removeFirst();
        }
        String head = kept.size() < lines.size() ? title + "\n…" : title;
        return SlackText.cut(head + "\n" + String.join("\n", kept), SlackText.SECTION);
    }

    private static int length(String title, List<String> lines) {
        return title.length() + 2 + lines.stream().mapToInt(l -> l.length() + 1).sum();
    }

    private static SectionBlock section(String id, String mrkdwn) {
        return SectionBlock.builder().blockId(id).text(markdown(SlackText.cut(mrkdwn, SlackText.SECTION))).build();
    }

    private static MarkdownTextObject markdown(String text) {
        return MarkdownTextObject.builder().text(text).build();
    }

    private static String mark(Card.Tone tone) {
        return switch (tone) {
            case PENDING -> "⏳";
            case RUNNING -> "🔄";
            case SUCCESS -> "✅";
            case FAILURE -> "❌";
            case NEUTRAL -> "⚪";
        };
    }
}
