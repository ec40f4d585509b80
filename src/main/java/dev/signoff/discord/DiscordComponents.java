package dev.signoff.discord;

import dev.signoff.chat.Card;
import dev.signoff.chat.Mention;
import dev.signoff.chat.Urls;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.MarkdownSanitizer;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.util.ArrayList;
import java.util.List;

/**
 * The Discord rendering of a {@link Card}: an embed coloured by tone (status in bold and the steps
 * in the description, a field per card field, a field's URL as a markdown link, the footer) and
 * its buttons in action rows, built with JDA's builders and serialised with their
 * {@code toData()}. Text that would pass one of Discord's limits is cut with "…" (a link is
 * never cut: its text alone is); mentions never ping anyone.
 */
final class DiscordComponents {
    static final int TITLE_MAX = MessageEmbed.TITLE_MAX_LENGTH;             // 256
    static final int DESCRIPTION_MAX = MessageEmbed.DESCRIPTION_MAX_LENGTH; // 4096
    static final int FIELDS_MAX = MessageEmbed.MAX_FIELD_AMOUNT;            // 25
    static final int FIELD_NAME_MAX = MessageEmbed.TITLE_MAX_LENGTH;        // 256
    static final int FIELD_VALUE_MAX = MessageEmbed.VALUE_MAX_LENGTH;       // 1024
    static final int FOOTER_MAX = MessageEmbed.TEXT_MAX_LENGTH;             // 2048
    static final int EMBED_MAX = MessageEmbed.EMBED_MAX_LENGTH_BOT;         // 6000
    static final int CONTENT_MAX = 2000;
    static final int BUTTON_LABEL_MAX = 80;
    /** Short values sit side by side; longer ones (image, plan) get a line of their own. */
    private static final int INLINE_MAX = 40;

    private DiscordComponents() {
    }

    /** A new card message. */
    static MessageCreateData card(Card card) {
        return new MessageCreateBuilder().setEmbeds(embed(card)).setComponents(rows(card)).setAllowedMentions(List.of()).build();
    }

    /** The edit that makes a posted message show {@code card}; no buttons removes the old ones. */
    static MessageEditData cardEdit(Card card) {
        return new MessageEditBuilder().setEmbeds(embed(card)).setComponents(rows(card)).setAllowedMentions(List.of()).build();
    }

    /** A plain message: an answer, a thread line, a status post. */
    static MessageCreateData text(String text) {
        return new MessageCreateBuilder().setContent(cut(text, CONTENT_MAX)).setAllowedMentions(List.of()).build();
    }

    /**
     * A line that calls people: {@code <@id>} for a person with a Discord identity, {@code <@&id>}
     * for a group with a Discord role, the name (escaped) for anyone else; only those users and
     * roles are allowed to be notified.
     */
    static MessageCreateData mentions(Mention.Line line) {
        List<String> users = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        StringBuilder text = new StringBuilder(escape(line.before()));
        for (int i = 0; i < line.who().size(); i++) {
            Mention m = line.who().get(i);
            text.append(i == 0 ? "" : ", ");
            if (m.id() == null) {
                text.append(escape(m.name()));
            } else if (m.group()) {
                text.append("<@&").append(m.id()).append('>');
                roles.add(m.id());
            } else {
                text.append("<@").append(m.id()).append('>');
                users.add(m.id());
            }
        }
        text.append(escape(line.after()));
        return new MessageCreateBuilder().setContent(cut(text.toString(), CONTENT_MAX)).setAllowedMentions(List.of())
                .mentionUsers(users).mentionRoles(roles).build();
    }

    static MessageEditData textEdit(String text) {
        return new MessageEditBuilder().setContent(cut(text, CONTENT_MAX)).setAllowedMentions(List.of()).build();
    }

    /** A message's new content that also removes its buttons: the answer to a Cancel on a question. */
    static MessageEditData textOnly(String text) {
        return new MessageEditBuilder().setContent(cut(text, CONTENT_MAX)).setComponents(List.of()).setAllowedMentions(List.of()).build();
    }

    /**
     * The question an Approve asks before it counts: its text, a green button that approves
     * (carrying {@code token}) and a grey one that cancels (carrying {@code cancelId}).
     */
    static MessageCreateData question(Card.Confirmation wording, String token, String cancelId) {
        return new MessageCreateBuilder().setContent(cut(wording.question(), CONTENT_MAX))
                .setComponents(ActionRow.of(Button.success(token, cut(wording.confirm(), BUTTON_LABEL_MAX)),
                        Button.secondary(cancelId, cut(wording.deny(), BUTTON_LABEL_MAX))))
                .setAllowedMentions(List.of()).build();
    }

    /** The form a Reject click opens: one required paragraph for the reason. */
    static Modal rejectForm(String customId) {
        TextInput reason = TextInput.create(InteractionHandler.REASON, TextInputStyle.PARAGRAPH)
                .setPlaceholder("What has to change before this can go ahead?")
                .setRequiredRange(1, 500)
                .build();
        return Modal.create(customId, "Reject this promotion").addComponents(Label.of("Reason", reason)).build();
    }

    static MessageEmbed embed(Card card) {
        String title = cut(card.title(), TITLE_MAX);
        String footer = cut(card.footer(), FOOTER_MAX);
        StringBuilder text = new StringBuilder("**").append(escape(card.status())).append("**");
        if (!card.steps().isEmpty()) {
            text.append("\n");
            card.steps().forEach(step -> text.append("\n").append(escape(step)));
        }
        String description = cut(text.toString(), DESCRIPTION_MAX);
        List<String[]> fields = new ArrayList<>(); // name, value as sent (maybe a link), value as shown
        for (Card.Field f : card.fields().subList(0, Math.min(FIELDS_MAX, card.fields().size()))) {
            boolean blank = f.value() == null || f.value().isBlank();
            String shown = blank ? "—" : escape(f.value());
            String linked = f.url() == null || blank ? shown : link(shown, f.url());
            String value = linked.length() <= FIELD_VALUE_MAX ? linked : cut(shown, FIELD_VALUE_MAX);
            fields.add(new String[]{cut(f.label(), FIELD_NAME_MAX), value, shown});
        }
        description = fitTotal(title.length() + footer.length(), description, fields);

        EmbedBuilder embed = new EmbedBuilder().setTitle(title).setDescription(description).setColor(colour(card.tone()))
                .setFooter(footer);
        fields.forEach(f -> embed.addField(f[0], f[1], f[2].length() <= INLINE_MAX));
        return embed.build();
    }

    /**
     * Keeps the embed within Discord's 6000 characters in all: first the steps give way (the
     * status line stays), then the longest field values (a link gives way to its text), then
     * fields from the end.
     */
    private static String fitTotal(int fixed, String description, List<String[]> fields) {
        int over = fixed + description.length() + fieldsLength(fields) - EMBED_MAX;
        if (over > 0) {
            description = cut(description, Math.max(Math.min(description.length(), 300), description.length() - over));
        }
        while ((over = fixed + description.length() + fieldsLength(fields) - EMBED_MAX) > 0 && !fields.isEmpty()) {
            String[] longest = fields.stream().max((a, b) -> Integer.compare(a[1].length(), b[1].length())).orElseThrow();
            if (longest[1].length() > 100) {
                longest[1] = cut(longest[2], Math.max(100, longest[1].length() - over));
            } else {
                fields.removeLast();
            }
        }
        if (over > 0) {
            description = cut(description, Math.max(1, description.length() - over));
        }
        return description;
    }

    private static int fieldsLength(List<String[]> fields) {
        return fields.stream().mapToInt(f -> f[0].length() + f[1].length()).sum();
    }

    static List<ActionRow> rows(Card card) {
        List<Button> buttons = card.buttons().stream().filter(b -> b.token() != null && b.token().length() <= Button.ID_MAX_LENGTH)
                .map(b -> switch (b.style()) {
                    case PRIMARY -> Button.success(b.token(), cut(b.label(), BUTTON_LABEL_MAX));
                    case DANGER -> Button.danger(b.token(), cut(b.label(), BUTTON_LABEL_MAX));
                    case DEFAULT -> Button.secondary(b.token(), cut(b.label(), BUTTON_LABEL_MAX));
                }).toList();
        return buttons.isEmpty() ? List.of() : ActionRow.partitionOf(buttons); // five to a row
    }

    static int colour(Card.Tone tone) {
        return switch (tone) {
            case PENDING -> 0xF0B232;
            case RUNNING -> 0x5865F2;
            case SUCCESS -> 0x23A55A;
            case FAILURE -> 0xDA373C;
            case NEUTRAL -> 0x80848E;
        };
    }

    /**
     * A markdown link showing {@code text} (already escaped; its brackets are escaped here). In the
     * URL, parentheses, brackets, angle brackets, backslashes, white space, control and non-ASCII
     * characters are percent-encoded, so nothing in it can end the link or add a title.
     */
    static String link(String text, String url) {
        return "[" + text.replace("[", "\\[").replace("]", "\\]") + "](" + Urls.percentEncode(url, "()[]<>\\") + ")";
    }

    private static String escape(String text) {
        return MarkdownSanitizer.escape(text);
    }

    /** {@code text} in at most {@code max} characters, ending with "…" when cut (never inside a surrogate pair). */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
