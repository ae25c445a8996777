package io.pipeline.calendar.rules;

import io.pipeline.calendar.CalendarOutOfBoundsException;
import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.Session;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * Base for exchanges whose rules are stated year by year: a subclass registers each year's holidays, early closes
 * and late opens into a {@link CalendarPlan} and its dated one-off closures and special hours in {@link #adHoc}, and
 * passes the regular {@link TradingHours} in force on each date as an {@link HoursHistory} (with a lunch break, or
 * opening the evening before, where the exchange does). This class answers the {@link ExchangeRules} questions
 * with the exchange_calendars conventions:
 * <ul>
 *   <li>every weekday that is not a closure is a session; weekends never are;</li>
 *   <li>when two rules name the same date, the first one registered keeps its name (for special hours, its time);</li>
 *   <li>an early close or late open that falls on a closure is ignored;</li>
 *   <li>a session with an early close has no lunch break; a late open keeps the break.</li>
 * </ul>
 * Only dates within [firstSession, lastSession] are answered; any other raises {@link CalendarOutOfBoundsException}.
 * The plan is computed once, on first use, for the years first - 1 to last + 1, so that an observance a neighbour
 * year's rule moves across the year boundary (a holiday observed on the last weekday of the year before, say) is
 * not lost at the bounds.
 */
public abstract class RuleBasedExchange implements ExchangeRules {

    private final String code;
    private final String name;
    private final ZoneId zone;
    private final ZoneRules zoneRules;
    private final LocalDate first;
    private final LocalDate last;
    private final HoursHistory hours;
    private volatile CalendarPlan plan;

    /** {@code hours}: the regular hours in force on each date (with a break, or opening the evening before). */
    protected RuleBasedExchange(String code, String name, ZoneId zone, LocalDate first, LocalDate last,
                                HoursHistory hours) {
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.zoneRules = zone.getRules();
        this.first = Objects.requireNonNull(first, "first");
        this.last = Objects.requireNonNull(last, "last");
        this.hours = Objects.requireNonNull(hours, "hours");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException(code + ": last date " + last + " is before first date " + first);
        }
    }

    /**
     * Registers the closures and special hours that the rules give for {@code year} (dates may spill into a
     * neighbour year). Called for every year from the first session's year - 1 to the last session's year + 1.
     */
    protected abstract void plan(int year, CalendarPlan plan);

    /** Registers dated one-off closures and special hours; called once, after every year's regular rules. */
    protected void adHoc(CalendarPlan plan) {
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
        return first;
    }

    @Override
    public final LocalDate lastSession() {
        return last;
    }

    @Override
    public final Optional<Session> session(LocalDate date) {
        requireInBounds(date);
        CalendarPlan p = plan();
        if (Holidays.isWeekend(date) || p.closure(date) != null) {
            return Optional.empty();
        }
        return Optional.of(p.hoursOn(date, hours.on(date)).on(date, zoneRules));
    }

    @Override
    public final String closureName(LocalDate date) {
        requireInBounds(date);
        return Holidays.isWeekend(date) ? null : plan().closure(date);
    }

    @Override
    public final Session regularSession(LocalDate date) {
        requireInBounds(date);
        return hours.on(date).on(date, zoneRules);
    }

    private void requireInBounds(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (date.isBefore(first) || date.isAfter(last)) {
            throw new CalendarOutOfBoundsException(code, date, first, last);
        }
    }

    private CalendarPlan plan() {
        CalendarPlan p = plan;
        if (p == null) {
            synchronized (this) {
                p = plan;
                if (p == null) {
                    p = new CalendarPlan();
                    for (int year = first.getYear() - 1; year <= last.getYear() + 1; year++) {
                        plan(year, p);
                    }
                    adHoc(p);
                    plan = p;
                }
            }
        }
        return p;
    }
}
