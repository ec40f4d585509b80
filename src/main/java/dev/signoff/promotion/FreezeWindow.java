package dev.signoff.promotion;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time when a stage takes no promotions, written the way people say it, in a named time zone:
 * <ul>
 *   <li>weekly: {@code Fri 16:00-Mon 08:00 Europe/Berlin}</li>
 *   <li>daily: {@code 18:00-08:00 UTC}</li>
 *   <li>once: {@code 2026-12-24 00:00-2026-12-27 08:00 Europe/Berlin}</li>
 * </ul>
 * Windows may wrap (past midnight, past Sunday). The start is inside the window, the end is not.
 */
public final class FreezeWindow {
    private static final Pattern WEEKLY = Pattern.compile("(\\w{3}) (\\d{1,2}:\\d{2})-(\\w{3}) (\\d{1,2}:\\d{2}) (\\S+)");
    private static final Pattern DAILY = Pattern.compile("(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2}) (\\S+)");
    private static final Pattern ONCE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{1,2}:\\d{2})-(\\d{4}-\\d{2}-\\d{2} \\d{1,2}:\\d{2}) (\\S+)");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm");
    private static final int MINUTES_PER_DAY = 24 * 60;

    private enum Kind { WEEKLY, DAILY, ONCE }

    private final String text;
    private final Kind kind;
    private final ZoneId zone;
    private final int startMinute;
    private final int endMinute;
    private final LocalDateTime onceStart;
    private final LocalDateTime onceEnd;

    private FreezeWindow(String text, Kind kind, ZoneId zone, int startMinute, int endMinute,
                         LocalDateTime onceStart, LocalDateTime onceEnd) {
        this.text = text;
        this.kind = kind;
        this.zone = zone;
        this.startMinute = startMinute;
        this.endMinute = endMinute;
        this.onceStart = onceStart;
        this.onceEnd = onceEnd;
    }

    /** Parses one of the three forms; anything else is refused with an example of each. */
    public static FreezeWindow parse(String text) {
        String t = text == null ? "" : text.trim().replaceAll("\\s+", " ");
        try {
            Matcher m = ONCE.matcher(t);
            if (m.matches()) {
                LocalDateTime start = LocalDateTime.parse(m.group(1), DATE_TIME);
                LocalDateTime end = LocalDateTime.parse(m.group(2), DATE_TIME);
                if (!end.isAfter(start)) {
                    throw new IllegalArgumentException("'" + text + "' ends before it starts");
                }
                return new FreezeWindow(t, Kind.ONCE, ZoneId.of(m.group(3)), 0, 0, start, end);
            }
            m = WEEKLY.matcher(t);
            if (m.matches()) {
                int start = day(m.group(1)) * MINUTES_PER_DAY + minuteOfDay(m.group(2));
                int end = day(m.group(3)) * MINUTES_PER_DAY + minuteOfDay(m.group(4));
                return new FreezeWindow(t, Kind.WEEKLY, ZoneId.of(m.group(5)), start, end, null, null);
            }
            m = DAILY.matcher(t);
            if (m.matches()) {
                return new FreezeWindow(t, Kind.DAILY, ZoneId.of(m.group(3)),
                        minuteOfDay(m.group(1)), minuteOfDay(m.group(2)), null, null);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a freeze window: " + e.getMessage());
        }
        throw new IllegalArgumentException("'" + text + "' is not a freeze window; write it like "
                + "'Fri 16:00-Mon 08:00 Europe/Berlin', '18:00-08:00 UTC' or '2026-12-24 00:00-2026-12-27 08:00 Europe/Berlin'");
    }

    private static int day(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(name)) {
                return d.ordinal();
            }
        }
        throw new DateTimeException("'" + name + "' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    private static int minuteOfDay(String hhmm) {
        try {
            LocalTime time = LocalTime.parse(hhmm, TIME);
            return time.getHour() * 60 + time.getMinute();
        } catch (DateTimeParseException e) {
            throw new DateTimeException("'" + hhmm + "' is not a time of day (HH:MM, 00:00 to 23:59)");
        }
    }

    public boolean contains(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        return switch (kind) {
            case ONCE -> !local.toLocalDateTime().isBefore(onceStart) && local.toLocalDateTime().isBefore(onceEnd);
            case WEEKLY -> within((local.getDayOfWeek().ordinal() * MINUTES_PER_DAY) + local.getHour() * 60 + local.getMinute());
            case DAILY -> within(local.getHour() * 60 + local.getMinute());
        };
    }

    private boolean within(int minute) {
        if (startMinute <= endMinute) {
            return minute >= startMinute && minute < endMinute;
        }
        return minute >= startMinute || minute < endMinute; // wraps past midnight or Sunday
    }

    /** When the window in force at {@code now} ends, in the window's own words: "Mon 08:00 Europe/Berlin". */
    public String endText() {
        String[] parts = text.split("-", 2);
        return kind == Kind.ONCE ? text.substring(text.indexOf('-', 11) + 1) : parts[1];
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FreezeWindow other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
