package io.pipeline.calendar.exchange.asia;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.SessionCsv;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static io.pipeline.calendar.exchange.asia.RulesFixtures.date;
import static io.pipeline.calendar.exchange.asia.RulesFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;

/** The five calendars as users reach them: through the registry and the compiled calendar. */
class AsiaEuropeCalendarsRegistryTest {

    @Test
    void the_registry_serves_the_five_calendars_with_their_zones_and_bounds() {
        assertThat(Calendars.codes()).contains("XASX", "XETR", "XFRA", "XHKG", "XTKS");
        assertThat(Calendars.get("XTKS").zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(Calendars.get("XTKS").firstSession()).isEqualTo(date("1997-01-06"));
        assertThat(Calendars.get("XHKG").firstSession()).isEqualTo(date("1990-01-02"));
        assertThat(Calendars.get("XASX").lastSession()).isEqualTo(date("2036-12-31"));
        assertThat(Calendars.get("XETR").lastSession()).isEqualTo(date("2036-12-30"));
    }

    @Test
    void tokyo_is_closed_during_the_lunch_break_and_open_either_side() {
        ExchangeCalendar xtks = Calendars.get("XTKS");
        assertThat(xtks.isOpenAt(utc("2024-06-14T02:29:00Z"))).isTrue();
        assertThat(xtks.isOpenAt(utc("2024-06-14T02:30:00Z"))).isFalse();
        assertThat(xtks.isOpenAt(utc("2024-06-14T03:29:59Z"))).isFalse();
        assertThat(xtks.isOpenAt(utc("2024-06-14T03:30:00Z"))).isTrue();
        assertThat(xtks.tradingMinutes(date("2024-06-14"))).isEqualTo(300);
        assertThat(xtks.tradingMinutes(date("2024-11-05"))).isEqualTo(330);
    }

    @Test
    void hong_kong_half_days_are_early_closes_and_their_csv_rows_have_no_break() {
        ExchangeCalendar xhkg = Calendars.get("XHKG");
        assertThat(xhkg.earlyCloses(date("2024-01-01"), date("2024-12-31")))
                .containsExactly(date("2024-02-09"), date("2024-12-24"), date("2024-12-31"));
        assertThat(SessionCsv.row(xhkg.session(date("2024-12-24"))))
                .isEqualTo("2024-12-24T00:00:00Z,2024-12-24T01:30:00Z,2024-12-24T04:00:00Z,,\n");
        assertThat(SessionCsv.row(xhkg.session(date("2024-12-23"))))
                .isEqualTo("2024-12-23T00:00:00Z,2024-12-23T01:30:00Z,2024-12-23T08:00:00Z,"
                        + "2024-12-23T04:00:00Z,2024-12-23T05:00:00Z\n");
    }

    @Test
    void the_german_and_sydney_calendars_report_their_holidays_by_name() {
        assertThat(Calendars.get("XETR").holidays(date("2017-10-30"), date("2017-11-01")))
                .containsEntry(date("2017-10-31"), "Reformation Day (500th anniversary)");
        assertThat(Calendars.get("XASX").holidays(date("2022-09-19"), date("2022-09-23")))
                .containsOnlyKeys(date("2022-09-22"));
        Instant sydneyOpenAfterDstEnds = Calendars.get("XASX").nextOpen(utc("2024-04-05T12:00:00Z"));
        assertThat(sydneyOpenAfterDstEnds).isEqualTo(utc("2024-04-08T00:00:00Z"));
        assertThat(Calendars.get("XFRA").sessionsInRange(LocalDate.of(2024, 12, 23), LocalDate.of(2024, 12, 31)))
                .containsExactly(date("2024-12-23"), date("2024-12-27"), date("2024-12-30"));
    }
}
