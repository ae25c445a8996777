package io.pipeline.web.config;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreBeansClockTest {

    /** A system clock that a test moves by hand. */
    private static final class Settable extends Clock {
        Instant now = Instant.parse("2026-12-07T05:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void without_the_setting_the_clock_is_the_system_clock() {
        Settable system = new Settable();
        assertThat(CoreBeans.clockStartingAt(system, "")).isSameAs(system);
        assertThat(CoreBeans.clockStartingAt(system, null)).isSameAs(system);
    }

    @Test
    void the_setting_starts_the_clock_at_the_instant_and_it_ticks_with_the_system_clock() {
        Settable system = new Settable();
        Clock clock = CoreBeans.clockStartingAt(system, "2026-12-07T20:59:00Z");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-07T20:59:00Z"));
        system.now = system.now.plus(Duration.ofSeconds(61));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-07T21:00:01Z"));
    }

    @Test
    void a_malformed_instant_is_refused_with_the_setting_named() {
        assertThatThrownBy(() -> CoreBeans.clockStartingAt(new Settable(), "tomorrow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline.bench.clock-start").hasMessageContaining("tomorrow");
    }
}
