package io.pipeline.calendar.rules;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.Session;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * Base for exchanges that trade Monday to Friday without a lunch break: a subclass states its holidays and special
 * hours year by year into a {@link CalendarPlan} and its regular hours per date; this class answers the
 * {@link ExchangeRules} questions from them. The plan is computed once, on first use.
 */
public abstract class RuleBasedExchange implements ExchangeRules {

    private final String code;
    private final String name;
    private final ZoneId zone;
    private final LocalDate first;
    private final LocalDate last;
    private final ZoneRules zoneRules;
    private CalendarPlan plan;

    protected RuleBasedExchange(String code, String name, ZoneId zone, LocalDate first, LocalDate last) {
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.zoneRules = zone.getRules();
        this.first = Objects.requireNonNull(first, "first");
        this.last = Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException(code + ": last date " + last + " is before first date " + first);
        }
    }

    /** Registers the closures and special hours that the rules give for {@code year} (dates may spill into a neighbour year). */
    protected abstract void plan(int year, CalendarPlan plan);

    /** Registers dated one-off closures and special hours; called once, after every year's regular rules. */
    protected void adHoc(CalendarPlan plan) {
    }

    protected abstract LocalTime regularOpen(LocalDate session);

    protected abstract LocalTime regularClose(LocalDate session);

    /** Calendar days from a session's label to the local date of its open: 0, or -1 when it opens the evening before. */
    protected int openDayOffset() {
        return 0;
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
    public Optional<Session> session(LocalDate date) {
        if (Holidays.isWeekend(date) || plan().closure(date) != null) {
            return Optional.empty();
        }
        LocalTime open = Objects.requireNonNullElseGet(plan().open(date), () -> regularOpen(date));
        LocalTime close = Objects.requireNonNullElseGet(plan().close(date), () -> regularClose(date));
        return Optional.of(session(date, open, close));
    }

    @Override
    public String closureName(LocalDate date) {
        return Holidays.isWeekend(date) ? null : plan().closure(date);
    }

    @Override
    public Session regularSession(LocalDate date) {
        return session(date, regularOpen(date), regularClose(date));
    }

    private Session session(LocalDate date, LocalTime open, LocalTime close) {
        return Session.of(date, instant(date.plusDays(openDayOffset()), open), instant(date, close));
    }

    /**
     * The local time as an instant, with the offset in force before any transition at that time: the same instant
     * ZonedDateTime gives, also for a time in a DST gap or overlap, without building one per date.
     */
    private Instant instant(LocalDate date, LocalTime time) {
        LocalDateTime local = LocalDateTime.of(date, time);
        return local.toInstant(zoneRules.getOffset(local));
    }

    private synchronized CalendarPlan plan() {
        if (plan == null) {
            CalendarPlan p = new CalendarPlan();
            for (int year = first.getYear() - 1; year <= last.getYear() + 1; year++) {
                plan(year, p);
            }
            adHoc(p);
            plan = p;
        }
        return plan;
    }
}
