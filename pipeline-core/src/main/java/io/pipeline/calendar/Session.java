package io.pipeline.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One trading session of an exchange: its label (the local trading date), open and close instants,
 * and an optional lunch break. Instants are absolute; convert with the calendar's zone for local times.
 */
public record Session(LocalDate date, Instant open, Instant close, Instant breakStart, Instant breakEnd) {

    public Session {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        if (!close.isAfter(open)) {
            throw new IllegalArgumentException("session " + date + ": close " + close + " is not after open " + open);
        }
        if ((breakStart == null) != (breakEnd == null)) {
            throw new IllegalArgumentException("session " + date + ": break needs both start and end");
        }
        if (breakStart != null && (!breakStart.isAfter(open) || !breakEnd.isAfter(breakStart) || !close.isAfter(breakEnd))) {
            throw new IllegalArgumentException("session " + date + ": break " + breakStart + ".." + breakEnd
                    + " must lie strictly inside " + open + ".." + close);
        }
    }

    public static Session of(LocalDate date, Instant open, Instant close) {
        return new Session(date, open, close, null, null);
    }

    public boolean hasBreak() {
        return breakStart != null;
    }
}
