package io.pipeline.web.config;

import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.calendar.Calendars;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Beans every part of the application shares. */
@Configuration
public class CoreBeans {

    /**
     * The one clock; domain code never reads the system time itself. {@code pipeline.bench.clock-start} (an ISO
     * instant, for benchmarks only; unset by default) starts it at that instant instead of now, ticking at the system
     * clock's pace: the herd benchmark starts a node a minute before an exchange close. Quartz keeps the system time.
     */
    @Bean
    Clock clock(@Value("${pipeline.bench.clock-start:}") String clockStart) {
        return clockStartingAt(Clock.systemUTC(), clockStart);
    }

    static Clock clockStartingAt(Clock system, String start) {
        if (start == null || start.isBlank()) {
            return system;
        }
        Instant at;
        try {
            at = Instant.parse(start.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("pipeline.bench.clock-start must be an ISO instant such as"
                    + " 2026-12-07T20:59:00Z, got '" + start + "'", e);
        }
        return Clock.offset(system, Duration.between(system.instant(), at));
    }

    /** The supported trading calendars, compiled on first use. */
    @Bean
    CalendarRegistry calendarRegistry() {
        return Calendars.registry();
    }
}
