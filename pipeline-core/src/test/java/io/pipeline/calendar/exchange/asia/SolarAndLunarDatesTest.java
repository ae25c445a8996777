package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.rules.LunarDates;
import io.pipeline.calendar.rules.SolarTerms;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.pipeline.calendar.exchange.asia.RulesFixtures.date;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SolarAndLunarDatesTest {

    @Test
    void japanese_equinoxes_match_the_dates_announced_by_the_national_astronomical_observatory() {
        // NAOJ "koyomi" announcements (published each February for the next year), unshifted dates.
        String[][] announced = {
                {"1999-03-21", "1999-09-23"}, {"2001-03-20", "2001-09-23"}, {"2012-03-20", "2012-09-22"},
                {"2016-03-20", "2016-09-22"}, {"2020-03-20", "2020-09-22"}, {"2023-03-21", "2023-09-23"},
                {"2024-03-20", "2024-09-22"}, {"2025-03-20", "2025-09-23"}, {"2026-03-20", "2026-09-23"},
                {"2027-03-21", "2027-09-23"}, {"2028-03-20", "2028-09-22"}, {"2030-03-20", "2030-09-23"}};
        for (String[] year : announced) {
            int y = date(year[0]).getYear();
            assertThat(SolarTerms.vernalEquinoxJapan(y)).as("vernal %d", y).isEqualTo(date(year[0]));
            assertThat(SolarTerms.autumnalEquinoxJapan(y)).as("autumnal %d", y).isEqualTo(date(year[1]));
        }
    }

    @Test
    void qingming_matches_the_hong_kong_ching_ming_dates() {
        // Hong Kong general holidays lists (gov.hk) and HKO almanac: Ching Ming on 4 or 5 April.
        assertThat(SolarTerms.qingming(1990)).isEqualTo(date("1990-04-05"));
        assertThat(SolarTerms.qingming(1992)).isEqualTo(date("1992-04-04"));
        assertThat(SolarTerms.qingming(2000)).isEqualTo(date("2000-04-04"));
        assertThat(SolarTerms.qingming(2015)).isEqualTo(date("2015-04-05"));
        assertThat(SolarTerms.qingming(2017)).isEqualTo(date("2017-04-04"));
        assertThat(SolarTerms.qingming(2024)).isEqualTo(date("2024-04-04"));
        assertThat(SolarTerms.qingming(2025)).isEqualTo(date("2025-04-04"));
        assertThat(SolarTerms.qingming(2026)).isEqualTo(date("2026-04-05"));
    }

    @Test
    void lunar_festivals_match_the_hong_kong_observatory_conversion_tables() {
        LunarDates.Festivals f2017 = LunarDates.of(2017);
        assertThat(f2017.lunarNewYear()).isEqualTo(date("2017-01-28"));
        assertThat(f2017.buddhasBirthday()).isEqualTo(date("2017-05-03"));
        assertThat(f2017.tuenNg()).isEqualTo(date("2017-05-30"));
        assertThat(f2017.midAutumn()).isEqualTo(date("2017-10-04"));
        assertThat(f2017.chungYeung()).isEqualTo(date("2017-10-28"));
        LunarDates.Festivals f2025 = LunarDates.of(2025);
        assertThat(f2025).isEqualTo(new LunarDates.Festivals(date("2025-01-29"), date("2025-05-05"),
                date("2025-05-31"), date("2025-10-06"), date("2025-10-29")));
        // New moons within minutes of midnight, Beijing time: the Observatory's dates.
        assertThat(LunarDates.of(2027).lunarNewYear()).isEqualTo(date("2027-02-06"));
        assertThat(LunarDates.of(2030).lunarNewYear()).isEqualTo(date("2030-02-03"));
    }

    @Test
    void lunar_festivals_fall_in_their_seasons_for_every_year_of_the_table() {
        for (int y = LunarDates.FIRST_YEAR; y <= LunarDates.LAST_YEAR; y++) {
            LunarDates.Festivals f = LunarDates.of(y);
            assertThat(f.lunarNewYear()).isBetween(LocalDate.of(y, 1, 21), LocalDate.of(y, 2, 20));
            assertThat(f.buddhasBirthday()).isBetween(LocalDate.of(y, 4, 26), LocalDate.of(y, 5, 28));
            // 5/5 is 27 or 28 days after 4/8 (one lunar month less three days), 9/9 about 24 days after 8/15.
            assertThat(f.tuenNg().toEpochDay() - f.buddhasBirthday().toEpochDay()).isBetween(26L, 57L);
            assertThat(f.chungYeung().toEpochDay() - f.midAutumn().toEpochDay()).isBetween(23L, 55L);
        }
    }

    @Test
    void years_outside_the_tables_are_refused_with_the_range() {
        assertThatThrownBy(() -> LunarDates.of(2037)).hasMessageContaining("1990-2036");
        assertThatThrownBy(() -> SolarTerms.vernalEquinoxJapan(1979)).hasMessageContaining("1980-2099");
    }
}
