package io.pipeline.calendar.rules;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.Session;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Base for exchange rules stated year by year: a subclass names the closures of a year (holidays and ad hoc
 * closures), the early closes and late opens of a year, and the regular hours in force on a date. This class turns
 * them into sessions with the exchange_calendars conventions:
 * <ul>
 *   <li>every weekday that is not a closure is a session; weekends never are;</li>
 *   <li>when two rules name the same date, the first one added keeps its name (and for early closes, its time);</li>
 *   <li>an early close or late open that falls on a closure is ignored;</li>
 *   <li>a session with an early close has no lunch break; a late open keeps the break.</li>
 * </ul>
 * The tables are computed once, on first use, for every year of the bounds.
 */
public abstract class StatedExchangeRules implements ExchangeRules {

    private final String code;
    private final String name;
    private final ZoneId zone;
    private final LocalDate firstSession;
    private final LocalDate lastSession;
    private volatile Tables tables;

    protected StatedExchangeRules(String code, String name, ZoneId zone, LocalDate firstSession, LocalDate lastSession) {
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.firstSession = Objects.requireNonNull(firstSession, "firstSession");
        this.lastSession = Objects.requireNonNull(lastSession, "lastSession");
        if (lastSession.isBefore(firstSession)) {
            throw new IllegalArgumentException(code + ": last date " + lastSession + " is before first " + firstSession);
        }
    }

    /** Adds every date of {@code year} on which the exchange is closed, with the holiday's or closure's name. */
    protected abstract void addClosures(int year, BiConsumer<LocalDate, String> closures);

    /** The regular hours in force on {@code date}. */
    protected abstract TradingHours regularHours(LocalDate date);

    /** Adds the early closes of {@code year} with their local close time. None by default. */
    protected void addEarlyCloses(int year, BiConsumer<LocalDate, LocalTime> earlyCloses) {
    }

    /** Adds the late opens of {@code year} with their local open time. None by default. */
    protected void addLateOpens(int year, BiConsumer<LocalDate, LocalTime> lateOpens) {
    }

    @Override
    public final String code() {
        return code;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ZoneId zone() {
        return zone;
    }

    @Override
    public final LocalDate firstSession() {
        return firstSession;
    }

    @Override
    public final LocalDate lastSession() {
        return lastSession;
    }

    @Override
    public final Optional<Session> session(LocalDate date) {
        requireInBounds(date);
        if (Holidays.isWeekend(date)) {
            return Optional.empty();
        }
        Tables t = tables();
        if (t.closures.containsKey(date)) {
            return Optional.empty();
        }
        TradingHours hours = regularHours(date);
        LocalTime earlyClose = t.earlyCloses.get(date);
        if (earlyClose != null) {
            hours = hours.closingAt(earlyClose);
        }
        LocalTime lateOpen = t.lateOpens.get(date);
        if (lateOpen != null) {
            hours = new TradingHours(lateOpen, hours.breakStart(), hours.breakEnd(), hours.close());
        }
        return Optional.of(hours.on(date, zone));
    }

    @Override
    public final String closureName(LocalDate date) {
        requireInBounds(date);
        if (Holidays.isWeekend(date)) {
            return null;
        }
        return tables().closures.get(date);
    }

    @Override
    public final Session regularSession(LocalDate date) {
        requireInBounds(date);
        return regularHours(date).on(date, zone);
    }

    private void requireInBounds(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (date.isBefore(firstSession) || date.isAfter(lastSession)) {
            throw new CalendarOutOfBoundsException(code, date, firstSession, lastSession);
        }
    }

    private Tables tables() {
        Tables t = tables;
        if (t == null) {
            synchronized (this) {
                t = tables;
                if (t == null) {
                    t = buildTables();
                    tables = t;
                }
            }
        }
        return t;
    }

    private Tables buildTables() {
        Tables t = new Tables();
        for (int year = firstSession.getYear(); year <= lastSession.getYear(); year++) {
            addClosures(year, (date, why) -> {
                if (!Holidays.isWeekend(date)) {
                    t.closures.putIfAbsent(date, Objects.requireNonNull(why, "closure name"));
                }
            });
        }
        for (int year = firstSession.getYear(); year <= lastSession.getYear(); year++) {
            addEarlyCloses(year, (date, time) -> t.earlyCloses.putIfAbsent(date, time));
            addLateOpens(year, (date, time) -> t.lateOpens.putIfAbsent(date, time));
        }
        return t;
    }

    private static final class Tables {
        final Map<LocalDate, String> closures = new HashMap<>();
        final Map<LocalDate, LocalTime> earlyCloses = new HashMap<>();
        final Map<LocalDate, LocalTime> lateOpens = new HashMap<>();
    }
}
