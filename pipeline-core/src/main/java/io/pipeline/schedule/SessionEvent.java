package io.pipeline.schedule;

import io.pipeline.calendar.Session;

import java.time.Instant;

/** A point of a trading session that a schedule can target. */
public enum SessionEvent {
    OPEN("open"), CLOSE("close"), BREAK_START("break start"), BREAK_END("break end");

    private final String words;

    SessionEvent(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The event's instant in the session, or null for a break event of a session without a break. */
    public Instant in(Session s) {
        return switch (this) {
            case OPEN -> s.open();
            case CLOSE -> s.close();
            case BREAK_START -> s.breakStart();
            case BREAK_END -> s.breakEnd();
        };
    }
}
