package io.pipeline.calendar.rules;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class HolidaysTest {

    @Test
    void previous_friday_moves_only_weekend_dates() {
        assertThat(Holidays.previousFriday(LocalDate.of(2022, 12, 24))).isEqualTo(LocalDate.of(2022, 12, 23));
        assertThat(Holidays.previousFriday(LocalDate.of(2022, 12, 25))).isEqualTo(LocalDate.of(2022, 12, 23));
        assertThat(Holidays.previousFriday(LocalDate.of(2022, 12, 22))).isEqualTo(LocalDate.of(2022, 12, 22));
    }

    @Test
    void previous_weekday_always_moves_back_at_least_one_day() {
        assertThat(Holidays.previousWeekday(LocalDate.of(2024, 7, 4))).isEqualTo(LocalDate.of(2024, 7, 3));
        assertThat(Holidays.previousWeekday(LocalDate.of(2022, 7, 4))).isEqualTo(LocalDate.of(2022, 7, 1));
        assertThat(Holidays.previousWeekday(LocalDate.of(2023, 1, 1))).isEqualTo(LocalDate.of(2022, 12, 30));
    }

    @Test
    void monday_on_or_before_gives_victoria_day() {
        assertThat(Holidays.mondayOnOrBefore(LocalDate.of(2021, 5, 24))).isEqualTo(LocalDate.of(2021, 5, 24));
        assertThat(Holidays.mondayOnOrBefore(LocalDate.of(2022, 5, 24))).isEqualTo(LocalDate.of(2022, 5, 23));
    }

    @Test
    void first_friday_of_the_month_is_within_the_first_seven_days() {
        assertThat(Holidays.isFirstOfMonth(LocalDate.of(2021, 4, 2), DayOfWeek.FRIDAY)).isTrue();
        assertThat(Holidays.isFirstOfMonth(LocalDate.of(2022, 4, 15), DayOfWeek.FRIDAY)).isFalse();
        assertThat(Holidays.isFirstOfMonth(LocalDate.of(2021, 4, 1), DayOfWeek.FRIDAY)).isFalse();
    }

    @Test
    void easter_falls_on_the_known_dates() {
        assertThat(Holidays.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(Holidays.easterSunday(2000)).isEqualTo(LocalDate.of(2000, 4, 23));
        assertThat(Holidays.goodFriday(2030)).isEqualTo(LocalDate.of(2030, 4, 19));
    }
}
