package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XbomRules;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.earlyCloses;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XBOM against BSE's published trading-holiday lists, with the Muhurat sessions on Diwali Laxmi Pujan. */
class XbomRulesTest {

    private final ExchangeRules xbom = new XbomRules();

    @Test
    void closures_of_2024_from_the_bse_list_with_the_days_added_during_the_year() {
        // BSE 2024 list (SAS Online): Ambedkar Jayanti, Mahavir Jayanti, Ganesh Chaturthi, Dussehra and
        // Balipratipada fell on weekends. Added: 22 January (Maharashtra holiday), 20 November (assembly election).
        assertThat(closedWeekdays(xbom, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-22", "2024-01-26", "2024-03-08", "2024-03-25", "2024-03-29", "2024-04-11", "2024-04-17",
                "2024-05-01", "2024-05-20", "2024-06-17", "2024-07-17", "2024-08-15", "2024-10-02", "2024-11-15",
                "2024-11-20", "2024-12-25"));
    }

    @Test
    void closures_of_2025_from_the_bse_list() {
        // BSE 2025 list (ETV Bharat, 12 March 2025): 14 holidays, Diwali Laxmi Pujan being the Muhurat session.
        assertThat(closedWeekdays(xbom, 2025)).containsExactlyElementsOf(weekdaysOf(
                "2025-02-26", "2025-03-14", "2025-03-31", "2025-04-10", "2025-04-14", "2025-04-18", "2025-05-01",
                "2025-08-15", "2025-08-27", "2025-10-02", "2025-10-22", "2025-11-05", "2025-12-25"));
    }

    @Test
    void diwali_laxmi_pujan_is_a_one_hour_muhurat_session() {
        // 1 November 2024, 18:00-19:00 IST (NDTV Profit, 31 October 2024).
        assertThat(session(xbom, "2024-11-01").open()).isEqualTo(utc("2024-11-01T12:30:00Z"));
        assertThat(session(xbom, "2024-11-01").close()).isEqualTo(utc("2024-11-01T13:30:00Z"));
        ExchangeCalendar c = Calendars.get("XBOM");
        assertThat(c.isOpenAt(utc("2024-11-01T05:00:00Z"))).isFalse();
        assertThat(c.isOpenAt(utc("2024-11-01T13:00:00Z"))).isTrue();
        // 21 October 2025, in the afternoon: 13:45-14:45 IST.
        assertThat(session(xbom, "2025-10-21").open()).isEqualTo(utc("2025-10-21T08:15:00Z"));
        assertThat(session(xbom, "2025-10-21").close()).isEqualTo(utc("2025-10-21T09:15:00Z"));
        assertThat(earlyCloses(xbom, 2025)).containsExactly(date("2025-10-21"));
    }

    @Test
    void sessions_run_09_15_to_15_30_india_time() {
        assertThat(session(xbom, "2024-06-14").open()).isEqualTo(utc("2024-06-14T03:45:00Z"));
        assertThat(session(xbom, "2024-06-14").close()).isEqualTo(utc("2024-06-14T10:00:00Z"));
        assertThat(session(xbom, "2024-06-14").breakStart()).isNull();
    }

    @Test
    void closures_of_2026_from_the_bse_list_with_the_mumbai_municipal_election() {
        // BSE 2026 list (DNA India, India TV, March 2026); 15 January, the MCGM election (Livemint 26 February 2026).
        assertThat(closedWeekdays(xbom, 2026)).containsExactlyElementsOf(weekdaysOf(
                "2026-01-15", "2026-01-26", "2026-03-03", "2026-03-26", "2026-03-31", "2026-04-03", "2026-04-14",
                "2026-05-01", "2026-05-28", "2026-06-26", "2026-09-14", "2026-10-02", "2026-10-20", "2026-11-10",
                "2026-11-24", "2026-12-25"));
    }

    @Test
    void computed_years_hold_the_fixed_date_holidays_good_friday_and_the_computed_festivals_through_2036() {
        assertThat(new XbomRules().computedFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
        // 2027: 1 May, 15 August, 2 October and 25 December fall on weekends; Good Friday is 26 March. The
        // festivals by the stated rules (calendars-computed-festivals.md): Id-Ul-Fitr 10 March, Holi 22 March,
        // Ram Navami 15 April, Mahavir Jayanti 19 April, Bakri Id 17 May, Muharram 16 June, Laxmi Pujan 29 October
        // on weekdays; Mahashivratri, Ganesh Chaturthi, Dussehra, Balipratipada and Guru Nanak Jayanti on weekends.
        assertThat(closedWeekdays(xbom, 2027)).containsExactlyElementsOf(weekdaysOf(
                "2027-01-26", "2027-03-10", "2027-03-22", "2027-03-26", "2027-04-14", "2027-04-15", "2027-04-19",
                "2027-05-17", "2027-06-16", "2027-10-29"));
        assertThat(XbomRules.closuresByRule(2027).keySet()).containsExactlyElementsOf(closedWeekdays(xbom, 2027));
        // Laxmi Pujan is a closure of the normal market until BSE notifies the Muhurat hour (an hours override).
        assertThat(xbom.closureName(date("2027-10-29")))
                .isEqualTo("Diwali Laxmi Pujan (Muhurat trading at hours BSE notifies)");
        assertThat(xbom.closureName(date("2027-03-22"))).isEqualTo("Holi");
        assertThat(xbom.closureName(date("2036-01-28"))).isNull();
        assertThat(xbom.closureName(date("2036-04-11"))).isEqualTo("Good Friday");
        assertThat(xbom.session(date("2036-12-31"))).isPresent();
    }
}
