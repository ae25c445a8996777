package io.pipeline.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * An immutable {@link ExchangeCalendar} compiled once from an {@link ExchangeRules}. Dates resolve through a table
 * with one slot per calendar day (the session's index, or where the next session is), instants through binary search
 * over the sorted open and close epoch seconds, so that lookups allocate nothing and cost a few nanoseconds.
 */
public final class IndexedCalendar implements ExchangeCalendar {

    private static final long NO_BREAK = Long.MIN_VALUE;

    private final String code;
    private final String name;
    private final ZoneId zone;
    private final long firstDay;
    /** Per day from the first session: the session's index, or -(index of the next session) - 1. */
    private final int[] dayIndex;
    private final long[] opens;
    private final long[] closes;
    private final long[] breakStarts;
    private final long[] breakEnds;
    private final List<Session> sessions;
    private final List<LocalDate> labels;
    private final NavigableMap<LocalDate, String> closures;
    private final SpecialHours special;
    private final LocalDate computedFrom;

    record SpecialHours(BitSet earlyCloses, BitSet lateOpens) {
    }

    IndexedCalendar(String code, String name, ZoneId zone, List<Session> sessions,
                    NavigableMap<LocalDate, String> closures, SpecialHours special, LocalDate computedFrom) {
        this.computedFrom = computedFrom;
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.zone = Objects.requireNonNull(zone, "zone");
        int n = sessions.size();
        Session[] array = sessions.toArray(Session[]::new);
        LocalDate[] dates = new LocalDate[n];
        opens = new long[n];
        closes = new long[n];
        breakStarts = new long[n];
        breakEnds = new long[n];
        for (int i = 0; i < n; i++) {
            Session s = array[i];
            dates[i] = s.date();
            opens[i] = s.open().getEpochSecond();
            closes[i] = s.close().getEpochSecond();
            breakStarts[i] = s.hasBreak() ? s.breakStart().getEpochSecond() : NO_BREAK;
            breakEnds[i] = s.hasBreak() ? s.breakEnd().getEpochSecond() : NO_BREAK;
        }
        firstDay = dates[0].toEpochDay();
        dayIndex = new int[Math.toIntExact(dates[n - 1].toEpochDay() - firstDay + 1)];
        int next = 0;
        for (int day = 0; day < dayIndex.length; day++) {
            boolean isSession = dates[next].toEpochDay() - firstDay == day;
            dayIndex[day] = isSession ? next++ : -next - 1;
        }
        this.sessions = Collections.unmodifiableList(Arrays.asList(array));
        this.labels = Collections.unmodifiableList(Arrays.asList(dates));
        this.closures = Collections.unmodifiableNavigableMap(closures);
        this.special = special;
    }

    /** Compiles the rules into a calendar; see {@link CalendarCompiler}. */
    public static IndexedCalendar compile(ExchangeRules rules) {
        return CalendarCompiler.compile(rules);
    }

    @Override
    public LocalDate computedFrom() {
        return computedFrom;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public LocalDate firstSession() {
        return labels.getFirst();
    }

    @Override
    public LocalDate lastSession() {
        return labels.getLast();
    }

    @Override
    public boolean isSession(LocalDate date) {
        return dayIndex[dayOffset(date)] >= 0;
    }

    @Override
    public LocalDate nextSession(LocalDate date) {
        int v = dayIndex[dayOffset(date)];
        int i = v >= 0 ? v + 1 : -v - 1;
        if (i >= labels.size()) {
            throw outOfBounds("the session after " + date);
        }
        return labels.get(i);
    }

    @Override
    public LocalDate previousSession(LocalDate date) {
        int v = dayIndex[dayOffset(date)];
        int i = v >= 0 ? v - 1 : -v - 2;
        if (i < 0) {
            throw outOfBounds("the session before " + date);
        }
        return labels.get(i);
    }

    @Override
    public LocalDate sessionOffset(LocalDate session, int count) {
        long i = (long) indexOf(session) + count;
        if (i < 0 || i >= labels.size()) {
            throw outOfBounds("the session " + count + " sessions from " + session);
        }
        return labels.get((int) i);
    }

    @Override
    public List<LocalDate> sessionsInRange(LocalDate from, LocalDate to) {
        return labels.subList(ceilIndex(from, to), floorIndex(to) + 1);
    }

    @Override
    public List<Session> sessions(LocalDate from, LocalDate to) {
        return sessions.subList(ceilIndex(from, to), floorIndex(to) + 1);
    }

    @Override
    public Session session(LocalDate session) {
        return sessions.get(indexOf(session));
    }

    @Override
    public boolean isOpenAt(Instant instant) {
        long t = inBoundsSecond(instant);
        int i = lastOpenAtOrBefore(t);
        return t < closes[i] && !(breakStarts[i] != NO_BREAK && t >= breakStarts[i] && t < breakEnds[i]);
    }

    @Override
    public Instant nextOpen(Instant instant) {
        int i = lastOpenAtOrBefore(inBoundsSecond(instant)) + 1;
        if (i >= opens.length) {
            throw outOfBounds("the open after " + instant);
        }
        return Instant.ofEpochSecond(opens[i]);
    }

    @Override
    public Instant nextClose(Instant instant) {
        long t = inBoundsSecond(instant);
        int r = Arrays.binarySearch(closes, t);
        int i = r >= 0 ? r + 1 : -r - 1;
        if (i >= closes.length) {
            throw outOfBounds("the close after " + instant);
        }
        return Instant.ofEpochSecond(closes[i]);
    }

    @Override
    public LocalDate minuteToSession(Instant instant, Direction direction) {
        Objects.requireNonNull(direction, "direction");
        long t = inBoundsSecond(instant);
        int i = lastOpenAtOrBefore(t);
        if (t < closes[i]) {
            return labels.get(i);
        }
        return switch (direction) {
            case PREVIOUS -> labels.get(i);
            case NEXT -> {
                if (i + 1 >= labels.size()) {
                    throw outOfBounds("the session after " + instant);
                }
                yield labels.get(i + 1);
            }
            case NONE -> throw new IllegalArgumentException(
                    instant + " is not within a session of " + code + " (between " + labels.get(i) + " and the next)");
        };
    }

    @Override
    public NavigableMap<LocalDate, String> holidays(LocalDate from, LocalDate to) {
        checkRange(from, to);
        return closures.subMap(from, true, to, true);
    }

    @Override
    public List<LocalDate> earlyCloses(LocalDate from, LocalDate to) {
        return flagged(special.earlyCloses(), from, to);
    }

    @Override
    public List<LocalDate> lateOpens(LocalDate from, LocalDate to) {
        return flagged(special.lateOpens(), from, to);
    }

    @Override
    public long tradingMinutes(LocalDate session) {
        int i = indexOf(session);
        long seconds = closes[i] - opens[i];
        if (breakStarts[i] != NO_BREAK) {
            seconds -= breakEnds[i] - breakStarts[i];
        }
        return seconds / 60;
    }

    @Override
    public String toString() {
        return code + " (" + name + ", " + zone + ", " + firstSession() + " to " + lastSession() + ")";
    }

    private List<LocalDate> flagged(BitSet flags, LocalDate from, LocalDate to) {
        int hi = floorIndex(to);
        List<LocalDate> out = new ArrayList<>();
        for (int i = flags.nextSetBit(ceilIndex(from, to)); i >= 0 && i <= hi; i = flags.nextSetBit(i + 1)) {
            out.add(labels.get(i));
        }
        return Collections.unmodifiableList(out);
    }

    private int dayOffset(LocalDate date) {
        long day = Objects.requireNonNull(date, "date").toEpochDay() - firstDay;
        if (day < 0 || day >= dayIndex.length) {
            throw outOfBounds(date);
        }
        return (int) day;
    }

    private int indexOf(LocalDate session) {
        int v = dayIndex[dayOffset(session)];
        if (v < 0) {
            throw new IllegalArgumentException(session + " is not a session of " + code);
        }
        return v;
    }

    /** Index of the first session on or after {@code from}, after checking that from..to is a valid range. */
    private int ceilIndex(LocalDate from, LocalDate to) {
        checkRange(from, to);
        int v = dayIndex[dayOffset(from)];
        return v >= 0 ? v : -v - 1;
    }

    private int floorIndex(LocalDate to) {
        int v = dayIndex[dayOffset(to)];
        return v >= 0 ? v : -v - 2;
    }

    private void checkRange(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("range of " + code + " sessions: from " + from + " is after to " + to);
        }
        dayOffset(from);
        dayOffset(to);
    }

    /** Epoch second of the instant, floored: session bounds are whole seconds, so comparisons stay exact. */
    private long inBoundsSecond(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        long t = instant.getEpochSecond();
        long lastClose = closes[closes.length - 1];
        if (t < opens[0] || t > lastClose || (t == lastClose && instant.getNano() > 0)) {
            throw outOfBounds(instant + " (the calendar's instants run from " + Instant.ofEpochSecond(opens[0])
                    + " to " + Instant.ofEpochSecond(lastClose) + ")");
        }
        return t;
    }

    private int lastOpenAtOrBefore(long t) {
        int r = Arrays.binarySearch(opens, t);
        return r >= 0 ? r : -r - 2;
    }

    private CalendarOutOfBoundsException outOfBounds(Object requested) {
        return new CalendarOutOfBoundsException(code, requested, firstSession(), lastSession());
    }
}
