package dev.signoff.promotion;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations the way config and cards write them: {@code 90s}, {@code 30m}, {@code 24h}, {@code 2d}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required, like 30m, 24h or 2d");
        }
        String t = text.trim();
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end != t.length() || end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 90s, 30m, 24h, 2d or 1h30m");
        }
        return total;
    }

    /** "1h30m", "45s", "2d". */
    public static String format(Duration d) {
        long seconds = d.toSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long days = seconds / 86400;
        long hours = seconds % 86400 / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) sb.append(days).append('d');
        if (hours > 0) sb.append(hours).append('h');
        if (minutes > 0) sb.append(minutes).append('m');
        if (secs > 0 && days == 0) sb.append(secs).append('s');
        return sb.toString();
    }
}
