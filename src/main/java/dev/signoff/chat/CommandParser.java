package dev.signoff.chat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one parser for every platform. Accepts the text with or without the leading
 * {@code /signoff}; a mistake is a {@link UsageError} carrying the verb's usage.
 */
public final class CommandParser {
    /** Usage and a one-line description per verb, in the order help lists them. */
    static final Map<String, String[]> VERBS = new LinkedHashMap<>();

    static {
        VERBS.put("promote", new String[]{"promote <app>|<release> [<tag>|<digest>] to <stage> [break-glass <reason>]",
                "ask to move an image into a stage; without a tag, what the previous stage runs (a release: each app)"});
        VERBS.put("approve", new String[]{"approve <promotion-id>", "approve a waiting promotion"});
        VERBS.put("reject", new String[]{"reject <promotion-id> <reason>", "turn a waiting promotion down, saying why"});
        VERBS.put("cancel", new String[]{"cancel <promotion-id>", "withdraw a promotion that has not started"});
        VERBS.put("abort", new String[]{"abort <promotion-id> [reason]",
                "stop a running promotion and undo what it changed"});
        VERBS.put("status", new String[]{"status <app>|<release>", "what runs in each stage, locks, freezes and waiting cards"});
        VERBS.put("history", new String[]{"history <app> [<stage>]", "recent promotions"});
        VERBS.put("rollback", new String[]{"rollback <app> <stage> [to <digest>]",
                "put an earlier successful digest back (the one before the current, unless named)"});
        VERBS.put("lock", new String[]{"lock <app> <stage> [reason]", "stop promotions into a stage"});
        VERBS.put("unlock", new String[]{"unlock <app> <stage>", "allow promotions into a stage again"});
        VERBS.put("sunset", new String[]{"sunset <app> <stage>",
                "decommission: scale to zero, remove exposure, delete the stage tag (approved like a promotion)"});
        VERBS.put("help", new String[]{"help [verb]", "this list, or one verb's usage"});
    }

    /** The word after a promote's stage that makes it a promotion through a freeze; the rest is the reason. */
    static final String BREAK_GLASS = "break-glass";

    private CommandParser() {
    }

    public static Command parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("/signoff")) {
            t = t.substring("/signoff".length()).strip();
        }
        if (t.isEmpty()) {
            return new Command.Help(null);
        }
        List<String> words = Arrays.asList(t.split("\\s+"));
        String verb = words.getFirst().toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        return switch (verb) {
            case "promote" -> promote(args);
            case "approve" -> new Command.Approve(exactly(verb, args, 1).getFirst());
            case "reject" -> {
                need(verb, args.size() >= 2);
                yield new Command.Reject(args.getFirst(), rest(args, 1));
            }
            case "cancel" -> new Command.Cancel(exactly(verb, args, 1).getFirst());
            case "abort" -> {
                need(verb, !args.isEmpty());
                yield new Command.Abort(args.getFirst(), args.size() > 1 ? rest(args, 1) : null);
            }
            case "status" -> new Command.Status(exactly(verb, args, 1).getFirst());
            case "history" -> {
                need(verb, args.size() == 1 || args.size() == 2);
                yield new Command.History(args.getFirst(), args.size() == 2 ? args.get(1) : null);
            }
            case "rollback" -> rollback(args);
            case "lock" -> {
                need(verb, args.size() >= 2);
                yield new Command.Lock(args.get(0), args.get(1), args.size() > 2 ? rest(args, 2) : null);
            }
            case "unlock" -> {
                List<String> a = exactly(verb, args, 2);
                yield new Command.Unlock(a.get(0), a.get(1));
            }
            case "sunset" -> {
                List<String> a = exactly(verb, args, 2);
                yield new Command.Sunset(a.get(0), a.get(1));
            }
            case "help" -> {
                need(verb, args.size() <= 1);
                yield new Command.Help(args.isEmpty() ? null : args.getFirst().toLowerCase(Locale.ROOT));
            }
            default -> throw new UsageError("I don't know the command '" + words.getFirst() + "'.\n" + help(null));
        };
    }

    private static Command promote(List<String> args) {
        // promote <app> [<ref>] to <stage> [break-glass <reason>]
        int glass = args.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList().indexOf(BREAK_GLASS);
        List<String> head = glass < 0 ? args : args.subList(0, glass);
        String reason = glass < 0 ? null : rest(args, glass + 1);
        if (glass >= 0 && reason.isBlank()) {
            throw new UsageError("A break-glass promotion needs a reason: /signoff " + VERBS.get("promote")[0]);
        }
        if (head.size() == 3 && head.get(1).equalsIgnoreCase("to")) {
            return new Command.Promote(head.get(0), null, head.get(2), reason);
        }
        if (head.size() == 4 && head.get(2).equalsIgnoreCase("to")) {
            return new Command.Promote(head.get(0), head.get(1), head.get(3), reason);
        }
        throw usage("promote");
    }

    private static Command rollback(List<String> args) {
        if (args.size() == 2) {
            return new Command.Rollback(args.get(0), args.get(1), null);
        }
        if (args.size() == 4 && args.get(2).equalsIgnoreCase("to")) {
            return new Command.Rollback(args.get(0), args.get(1), args.get(3));
        }
        throw usage("rollback");
    }

    private static List<String> exactly(String verb, List<String> args, int n) {
        need(verb, args.size() == n);
        return args;
    }

    private static void need(String verb, boolean ok) {
        if (!ok) {
            throw usage(verb);
        }
    }

    private static String rest(List<String> args, int from) {
        return String.join(" ", args.subList(from, args.size()));
    }

    private static UsageError usage(String verb) {
        return new UsageError("Usage: /signoff " + VERBS.get(verb)[0] + "\n" + VERBS.get(verb)[1]);
    }

    /** The help text: every verb with a line of explanation, or one verb's usage. */
    public static String help(String verb) {
        if (verb != null) {
            String[] entry = VERBS.get(verb);
            if (entry == null) {
                return "There is no command '" + verb + "'. Commands: " + String.join(", ", VERBS.keySet()) + ".";
            }
            return "/signoff " + entry[0] + "\n" + entry[1];
        }
        StringBuilder sb = new StringBuilder("Signoff commands:");
        VERBS.values().forEach(e -> sb.append("\n/signoff ").append(e[0]).append(" — ").append(e[1]));
        return sb.toString();
    }

    /** The text was not a command Signoff understands; the message says how to write it. */
    public static final class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message, null, false, false);
        }
    }
}
