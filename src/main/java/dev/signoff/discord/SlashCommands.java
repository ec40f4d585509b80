package dev.signoff.discord;

import dev.signoff.chat.CommandParser;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /signoff} on Discord: one subcommand per verb of the command grammar, with options named
 * after the grammar's words, and the way back from a received command to the grammar's text, so
 * every platform goes through the one {@link CommandParser}.
 */
final class SlashCommands {
    static final String NAME = "signoff";
    static final List<String> VERBS = List.of("promote", "approve", "reject", "cancel", "abort", "status", "history", "rollback",
            "lock", "unlock", "sunset", "help");
    /** The verbs whose answer everyone in the channel sees (see ChatService); the others answer privately. */
    private static final Set<String> IN_CHANNEL = Set.of("status", "history", "lock", "unlock");
    /** Options whose value is one word of the grammar; the others (reasons) may be several. */
    private static final Set<String> ONE_WORD = Set.of("app", "stage", "image", "id", "to", "verb");

    private SlashCommands() {
    }

    /** The command as registered with Discord. */
    static SlashCommandData definition() {
        OptionData app = option("app", "The app (or, to promote or show it, the release), as named in pipelines.yaml", true);
        OptionData stage = option("stage", "The stage, e.g. test or prod", true);
        OptionData id = option("id", "The promotion id (in the card's footer)", true);
        OptionData verb = option("verb", "One command", false);
        VERBS.forEach(v -> verb.addChoice(v, v));
        return Commands.slash(NAME, "Promote container images through environments, with approvals")
                .setContexts(InteractionContextType.GUILD)
                .addSubcommands(
                        sub("promote", app, stage, option("image", "A tag or digest; default: what the previous stage runs", false),
                                option("break-glass", "Only in a freeze: why this cannot wait (approved under the break-glass policy)", false)),
                        sub("approve", id),
                        sub("reject", id, option("reason", "Why (shown on the card)", true)),
                        sub("cancel", id),
                        sub("abort", id, option("reason", "Why (shown on the card)", false)),
                        sub("status", app),
                        sub("history", app, option("stage", "Only this stage", false)),
                        sub("rollback", app, stage, option("to", "The digest to put back; default: the one before the current", false)),
                        sub("lock", app, stage, option("reason", "Why (shown to whoever tries to promote)", false)),
                        sub("unlock", app, stage),
                        sub("sunset", app, stage),
                        sub("help", verb));
    }

    private static SubcommandData sub(String verb, OptionData... options) {
        return new SubcommandData(verb, description(verb)).addOptions(options);
    }

    private static OptionData option(String name, String description, boolean required) {
        return new OptionData(OptionType.STRING, name, description, required);
    }

    /** The parser's own one-line description of the verb (the second line of its help), cut to Discord's 100. */
    static String description(String verb) {
        String[] lines = CommandParser.help(verb).split("\n", 2);
        String line = lines.length > 1 ? lines[1] : lines[0];
        line = Character.toUpperCase(line.charAt(0)) + line.substring(1);
        return DiscordComponents.cut(line, 100);
    }

    /**
     * The grammar's text for a received subcommand, e.g. {@code promote shop 1.4.2 to prod}.
     *
     * @throws Invalid when a one-word option holds several words (it would change the command's meaning)
     */
    static String text(String subcommand, Map<String, String> options) {
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (ONE_WORD.contains(o.getKey()) && o.getValue() != null && o.getValue().strip().contains(" ")) {
                throw new Invalid("'" + o.getKey() + "' is one word, not '" + o.getValue().strip() + "'.\n"
                        + CommandParser.help(subcommand != null && VERBS.contains(subcommand) ? subcommand : null));
            }
        }
        if (subcommand == null || !VERBS.contains(subcommand)) {
            return "help";
        }
        String app = word(options, "app");
        String stage = word(options, "stage");
        return switch (subcommand) {
            case "promote" -> join("promote", app, word(options, "image"), "to", stage,
                    words(options, "break-glass") == null ? null : "break-glass " + words(options, "break-glass"));
            case "approve", "cancel" -> join(subcommand, word(options, "id"));
            case "reject" -> join("reject", word(options, "id"), words(options, "reason"));
            case "abort" -> join("abort", word(options, "id"), words(options, "reason"));
            case "status" -> join("status", app);
            case "history" -> join("history", app, stage);
            case "rollback" -> {
                String to = word(options, "to");
                yield join("rollback", app, stage, to == null ? null : "to", to);
            }
            case "lock" -> join("lock", app, stage, words(options, "reason"));
            case "unlock", "sunset" -> join(subcommand, app, stage);
            default -> join("help", word(options, "verb"));
        };
    }

    static boolean answersInChannel(String subcommand) {
        return IN_CHANNEL.contains(subcommand);
    }

    private static String word(Map<String, String> options, String name) {
        String value = options.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String words(Map<String, String> options, String name) {
        return word(options, name) == null ? null : word(options, name).replaceAll("\\s+", " ");
    }

    private static String join(String... words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (w != null) {
                sb.append(sb.isEmpty() ? "" : " ").append(w);
            }
        }
        return sb.toString();
    }

    /** A received command Signoff cannot turn into text; the message says how to write it. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
