package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XamsRules;
import io.pipeline.calendar.exchange.XmadRules;
import io.pipeline.calendar.exchange.XmilRules;
import io.pipeline.calendar.exchange.XparRules;
import io.pipeline.calendar.exchange.XstoRules;
import io.pipeline.calendar.exchange.XswxRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static io.pipeline.calendar.exchange.world.Fixtures.closedWeekdays;
import static io.pipeline.calendar.exchange.world.Fixtures.date;
import static io.pipeline.calendar.exchange.world.Fixtures.earlyCloses;
import static io.pipeline.calendar.exchange.world.Fixtures.session;
import static io.pipeline.calendar.exchange.world.Fixtures.utc;
import static io.pipeline.calendar.exchange.world.Fixtures.weekdaysOf;
import static org.assertj.core.api.Assertions.assertThat;

/** XPAR, XAMS, XMIL, XMAD, XSWX, XSTO against the exchanges' published calendars (cited per test). */
class EuropeanRulesTest {

    static List<ExchangeRules> euronext() {
        return List.of(new XparRules(), new XamsRules());
    }

    @ParameterizedTest
    @MethodSource("euronext")
    void euronext_2012_closures_and_14_00_half_days(ExchangeRules rules) {
        // NYSE Euronext, "2012 Holiday Calendar and Early Closing dates", 14 November 2011.
        assertThat(closedWeekdays(rules, 2012)).containsExactlyElementsOf(weekdaysOf(
                "2012-04-06", "2012-04-09", "2012-05-01", "2012-12-25", "2012-12-26"));
        assertThat(earlyCloses(rules, 2012)).containsExactly(date("2012-12-24"), date("2012-12-31"));
        assertThat(session(rules, "2012-12-24").close()).isEqualTo(utc("2012-12-24T13:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("euronext")
    void euronext_2019_closures_and_14_05_half_days(ExchangeRules rules) {
        // Euronext, "2019 Holiday Calendar for its Cash and Derivatives markets", 18 October 2018.
        assertThat(closedWeekdays(rules, 2019)).containsExactlyElementsOf(weekdaysOf(
                "2019-01-01", "2019-04-19", "2019-04-22", "2019-05-01", "2019-12-25", "2019-12-26"));
        assertThat(earlyCloses(rules, 2019)).containsExactly(date("2019-12-24"), date("2019-12-31"));
        assertThat(session(rules, "2019-12-31").close()).isEqualTo(utc("2019-12-31T13:05:00Z"));
        // 2011: Christmas Day on a Sunday is not moved; only 26 December closed (amsterdamtrader.com, 2010-12).
        assertThat(closedWeekdays(rules, 2011)).containsExactlyElementsOf(weekdaysOf(
                "2011-04-22", "2011-04-25", "2011-12-26"));
    }

    @ParameterizedTest
    @MethodSource("euronext")
    void euronext_opens_at_09_00_local_either_side_of_the_dst_change(ExchangeRules rules) {
        assertThat(session(rules, "2024-03-28").open()).isEqualTo(utc("2024-03-28T08:00:00Z"));
        assertThat(session(rules, "2024-03-28").close()).isEqualTo(utc("2024-03-28T16:30:00Z"));
        assertThat(session(rules, "2024-04-02").open()).isEqualTo(utc("2024-04-02T07:00:00Z"));
        assertThat(session(rules, "2024-10-28").open()).isEqualTo(utc("2024-10-28T08:00:00Z"));
        assertThat(session(rules, "2024-10-25").open()).isEqualTo(utc("2024-10-25T07:00:00Z"));
    }

    @Test
    void milan_2008_and_2021_closures_include_ferragosto_and_both_eves() {
        ExchangeRules rules = new XmilRules();
        // Borsa Italiana, "Il calendario di negoziazione 2008", 3 December 2007.
        assertThat(closedWeekdays(rules, 2008)).containsExactlyElementsOf(weekdaysOf(
                "2008-01-01", "2008-03-21", "2008-03-24", "2008-05-01", "2008-08-15", "2008-12-24", "2008-12-25",
                "2008-12-26", "2008-12-31"));
        // Borsa Italiana calendar 2021 (Wall Street Italia): 1 January, 2 and 5 April, 24 and 31 December.
        assertThat(closedWeekdays(rules, 2021)).containsExactlyElementsOf(weekdaysOf(
                "2021-01-01", "2021-04-02", "2021-04-05", "2021-12-24", "2021-12-31"));
        assertThat(rules.closureName(date("2025-08-15"))).isEqualTo("Assumption (Ferragosto)");
        assertThat(rules.session(date("2024-04-25"))).isPresent(); // Liberation Day is a trading day
        assertThat(earlyCloses(rules, 2024)).isEmpty();
        assertThat(session(rules, "2024-07-01").open()).isEqualTo(utc("2024-07-01T07:00:00Z"));
        assertThat(session(rules, "2024-12-23").close()).isEqualTo(utc("2024-12-23T16:30:00Z"));
    }

    @Test
    void madrid_closes_six_days_and_trades_to_14_00_on_both_eves() {
        ExchangeRules rules = new XmadRules();
        // EFE, 23 December 2013: 1 January, 29 March, 1 April, 1 May, 25 and 26 December; 24 and 31 to 14:00.
        assertThat(closedWeekdays(rules, 2013)).containsExactlyElementsOf(weekdaysOf(
                "2013-01-01", "2013-03-29", "2013-04-01", "2013-05-01", "2013-12-25", "2013-12-26"));
        assertThat(earlyCloses(rules, 2013)).containsExactly(date("2013-12-24"), date("2013-12-31"));
        assertThat(session(rules, "2013-12-24").close()).isEqualTo(utc("2013-12-24T13:00:00Z"));
        // EFE, 7 December 2025: 2025 as 2024; 2026 five closures (26 December a Saturday).
        assertThat(closedWeekdays(rules, 2025)).containsExactlyElementsOf(weekdaysOf(
                "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-01", "2025-12-25", "2025-12-26"));
        assertThat(closedWeekdays(rules, 2026)).containsExactlyElementsOf(weekdaysOf(
                "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25"));
        assertThat(rules.session(date("2025-12-08"))).isPresent();
        assertThat(session(rules, "2025-06-02").open()).isEqualTo(utc("2025-06-02T07:00:00Z"));
        assertThat(session(rules, "2025-12-02").open()).isEqualTo(utc("2025-12-02T08:00:00Z"));
    }

    @Test
    void six_closes_on_the_swiss_holidays_without_half_days() {
        ExchangeRules rules = new XswxRules();
        // SIX 2022: Good Friday, Easter Monday, Ascension, Whit Monday, National Day, St Stephen's Day.
        assertThat(closedWeekdays(rules, 2022)).containsExactlyElementsOf(weekdaysOf(
                "2022-04-15", "2022-04-18", "2022-05-26", "2022-06-06", "2022-08-01", "2022-12-26"));
        assertThat(closedWeekdays(rules, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-01-02", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-09", "2024-05-20",
                "2024-08-01", "2024-12-24", "2024-12-25", "2024-12-26", "2024-12-31"));
        assertThat(earlyCloses(rules, 2024)).isEmpty();
        assertThat(session(rules, "2024-01-03").open()).isEqualTo(utc("2024-01-03T08:00:00Z"));
        assertThat(session(rules, "2024-07-03").close()).isEqualTo(utc("2024-07-03T15:30:00Z"));
    }

    @Test
    void stockholm_2024_closures_and_13_00_half_days() {
        ExchangeRules rules = new XstoRules();
        // Nasdaq Nordic holiday and half-day list 2024 for Stockholm.
        assertThat(closedWeekdays(rules, 2024)).containsExactlyElementsOf(weekdaysOf(
                "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-01", "2024-05-09", "2024-06-06", "2024-06-21",
                "2024-12-24", "2024-12-25", "2024-12-26", "2024-12-31"));
        assertThat(earlyCloses(rules, 2024)).containsExactly(date("2024-01-05"), date("2024-03-28"),
                date("2024-04-30"), date("2024-05-08"), date("2024-11-01"));
        assertThat(session(rules, "2024-03-28").close()).isEqualTo(utc("2024-03-28T12:00:00Z"));
        assertThat(session(rules, "2024-04-30").close()).isEqualTo(utc("2024-04-30T11:00:00Z"));
        assertThat(rules.closureName(date("2026-01-06"))).isEqualTo("Epiphany");
        assertThat(rules.closureName(date("2026-06-19"))).isEqualTo("Midsummer Eve");
        // OMX, 4 April 2007 for the Maundy Thursday half day, still there: 2026-04-02.
        assertThat(session(rules, "2026-04-02").close()).isEqualTo(utc("2026-04-02T11:00:00Z"));
    }

    static List<ExchangeRules> all() {
        return List.of(new XparRules(), new XamsRules(), new XmilRules(), new XmadRules(), new XswxRules(),
                new XstoRules());
    }

    @ParameterizedTest
    @MethodSource("all")
    void each_answers_through_2036(ExchangeRules rules) {
        assertThat(rules.lastSession()).isEqualTo(date("2036-12-31"));
        assertThat(rules.session(date("2036-12-30"))).isPresent();
        assertThat(rules.session(date("2036-12-25"))).isEmpty();
    }
}
