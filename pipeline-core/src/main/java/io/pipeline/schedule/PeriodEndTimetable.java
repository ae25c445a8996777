package io.pipeline.schedule;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.Objects;

/**
 * "After the last session of each week (Monday to Sunday) or month": runs at that session's close plus an offset.
 * Data interval: from the close of the previous period's last session to this one's close. The calendar's final
 * session counts as a period end (what follows it is unknown).
 */
public final class PeriodEndTimetable extends SessionTimetable {
    public enum Period { WEEK, MONTH }

    private final Period period;
    private final Duration offset;

    public PeriodEndTimetable(ExchangeCalendar calendar, Period period, Duration offset) {
        this(calendar, period, offset, java.util.List.of());
    }

    public PeriodEndTimetable(ExchangeCalendar calendar, Period period, Duration offset,
                              java.util.List<DatasetInput> waits) {
        super(calendar, waits);
        this.period = Objects.requireNonNull(period, "period");
        this.offset = Offsets.checked(offset);
    }

    public PeriodEndTimetable plus(Duration delta) {
        return new PeriodEndTimetable(calendar, period, offset.plus(delta), waitsFor());
    }

    public PeriodEndTimetable minus(Duration delta) {
        return new PeriodEndTimetable(calendar, period, offset.minus(delta), waitsFor());
    }

    @Override
    protected PeriodEndTimetable withWaits(java.util.List<DatasetInput> newWaits) {
        return new PeriodEndTimetable(calendar, period, offset, newWaits);
    }

    @Override
    protected boolean runsOn(LocalDate session) {
        if (!session.isBefore(calendar.lastSession())) {
            return true;
        }
        LocalDate next = calendar.nextSession(session);
        return switch (period) {
            case WEEK -> next.get(IsoFields.WEEK_BASED_YEAR) != session.get(IsoFields.WEEK_BASED_YEAR)
                    || next.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != session.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case MONTH -> next.getMonthValue() != session.getMonthValue() || next.getYear() != session.getYear();
        };
    }

    @Override
    protected Instant event(LocalDate session) {
        return calendar.sessionClose(session);
    }

    @Override
    protected Instant runAfter(LocalDate session) {
        return event(session).plus(offset);
    }

    @Override
    public String description() {
        return withWaitsWords(Offsets.words(offset, "the " + calendar.code() + " close")
                + " on the last session of each " + period.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String expression() {
        return withWaitsWords("last_session_of_" + period.name().toLowerCase(java.util.Locale.ROOT) + "("
                + calendar.code() + ")" + " close" + Offsets.signed(offset));
    }
}
