package io.pipeline.web.config;

import io.pipeline.calendar.CalendarRegistry;
import io.pipeline.calendar.Calendars;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Beans every part of the application shares. */
@Configuration
public class CoreBeans {

    /** The one clock; domain code never reads the system time itself. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The supported trading calendars, compiled on first use. */
    @Bean
    CalendarRegistry calendarRegistry() {
        return Calendars.registry();
    }
}
