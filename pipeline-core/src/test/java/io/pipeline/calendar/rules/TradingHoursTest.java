package io.pipeline.calendar.rules;

import io.pipeline.calendar.Session;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradingHoursTest {

    /** Jerusalem: 2024-03-29 02:00 jumps to 03:00 (gap); 2024-10-27 02:00 falls back to 01:00 (overlap). */
    private static final ZoneId JERUSALEM = ZoneId.of("Asia/Jerusalem");

    @Test
    void times_in_a_dst_gap_or_overlap_give_the_instants_zoned_date_time_gives() {
        TradingHours hours =
                TradingHours.withBreak(LocalTime.of(1, 15), LocalTime.of(1, 45), LocalTime.of(2, 30), LocalTime.of(4, 0));

        for (LocalDate date : new LocalDate[] {LocalDate.of(2024, 3, 29), LocalDate.of(2024, 10, 27)}) {
            Session session = hours.on(date, JERUSALEM.getRules());

            assertThat(session.open()).isEqualTo(ZonedDateTime.of(date, LocalTime.of(1, 15), JERUSALEM).toInstant());
            assertThat(session.breakStart()).isEqualTo(ZonedDateTime.of(date, LocalTime.of(1, 45), JERUSALEM).toInstant());
            assertThat(session.breakEnd()).isEqualTo(ZonedDateTime.of(date, LocalTime.of(2, 30), JERUSALEM).toInstant());
            assertThat(session.close()).isEqualTo(ZonedDateTime.of(date, LocalTime.of(4, 0), JERUSALEM).toInstant());
        }
    }

    @Test
    void an_overnight_open_is_on_the_day_before_in_that_days_offset() {
        Session afterGap = TradingHours.overnight(LocalTime.of(2, 30), LocalTime.of(1, 0))
                .on(LocalDate.of(2024, 3, 30), JERUSALEM.getRules());

        assertThat(afterGap.open()).isEqualTo(ZonedDateTime.of(2024, 3, 29, 2, 30, 0, 0, JERUSALEM).toInstant());
        assertThat(afterGap.close()).isEqualTo(ZonedDateTime.of(2024, 3, 30, 1, 0, 0, 0, JERUSALEM).toInstant());
    }

    @Test
    void a_same_day_close_must_come_after_the_open_and_the_open_day_is_the_label_or_the_day_before() {
        assertThatThrownBy(() -> TradingHours.of(LocalTime.of(17, 0), LocalTime.of(17, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after open");
        assertThatThrownBy(() -> new TradingHours(LocalTime.of(9, 0), null, null, LocalTime.of(17, 0), -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
    }
}
