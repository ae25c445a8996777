package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pipeline.dags.marketdata.QualityPolicy.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BarChecksTest {

    private final ExchangeCalendar xnys = Calendars.get("XNYS");
    private final SimulatedBarProvider sim = new SimulatedBarProvider(xnys, 5);
    private final Ticker aapl = new Ticker("AAPL", "XNAS", null);
    private final BarChecks checks = new BarChecks(xnys, QualityPolicy.defaults());

    private CheckResult find(List<CheckResult> rs, String check) {
        return rs.stream().filter(r -> r.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void clean_simulated_bars_pass_every_check() {
        LocalDate d = LocalDate.parse("2026-11-27");
        List<CheckResult> rs = checks.minuteBars("AAPL", d, sim.minuteBars(aapl, d));

        assertThat(rs).hasSize(5).allMatch(CheckResult::passed);
        assertThat(new QualityReport(rs).failures()).isEmpty();
    }

    @Test
    void a_bar_after_an_early_close_is_outside_the_session() {
        LocalDate d = LocalDate.parse("2026-11-27");
        List<MinuteBar> bars = new ArrayList<>(sim.minuteBars(aapl, d));
        MinuteBar last = bars.getLast();
        bars.add(new MinuteBar("AAPL", xnys.sessionClose(d).plusSeconds(3600), last.close(), last.close(), last.close(),
                last.close(), 100, "simulated"));

        CheckResult r = find(checks.minuteBars("AAPL", d, bars), OUTSIDE_SESSION);
        assertThat(r.passed()).isFalse();
        assertThat(r.severity()).isEqualTo(CheckResult.Severity.FAIL);
        assertThat(r.observed()).isEqualTo(1);
        assertThat(r.detail()).contains("first at 2026-11-27T19:00:00Z");
    }

    @Test
    void a_bar_in_the_tokyo_lunch_break_is_outside_the_session() {
        ExchangeCalendar xtks = Calendars.get("XTKS");
        LocalDate d = LocalDate.parse("2026-11-20");
        Ticker toyota = new Ticker("7203", "XTKS", null);
        List<MinuteBar> bars = new ArrayList<>(new SimulatedBarProvider(xtks, 1).minuteBars(toyota, d));
        MinuteBar b = bars.getFirst();
        bars.add(new MinuteBar("7203", xtks.session(d).breakStart().plusSeconds(300), b.open(), b.high(), b.low(), b.close(), 1, "x"));

        List<CheckResult> rs = new BarChecks(xtks, QualityPolicy.defaults()).minuteBars("7203", d, bars);
        assertThat(find(rs, OUTSIDE_SESSION).passed()).isFalse();
        assertThat(find(rs, OUTSIDE_SESSION).detail()).contains("break");
    }

    @Test
    void counts_missing_minutes_against_the_calendar_as_a_warning_by_default() {
        LocalDate d = LocalDate.parse("2026-11-20");
        List<MinuteBar> bars = sim.minuteBars(aapl, d).subList(0, 380);

        CheckResult r = find(checks.minuteBars("AAPL", d, bars), MISSING_MINUTES);
        assertThat(r.observed()).isEqualTo(10);
        assertThat(r.detail()).isEqualTo("10 of 390 minutes missing");
        assertThat(r.isFailure()).isFalse();

        CheckResult strict = find(new BarChecks(xnys, QualityPolicy.fromParam(Map.of(MISSING_MINUTES, "fail")))
                .minuteBars("AAPL", d, bars), MISSING_MINUTES);
        assertThat(strict.isFailure()).isTrue();
    }

    @Test
    void finds_duplicates_bad_values_and_inconsistent_ohlc() {
        LocalDate d = LocalDate.parse("2026-11-20");
        List<MinuteBar> bars = new ArrayList<>(sim.minuteBars(aapl, d));
        MinuteBar b = bars.get(10);
        bars.add(b);
        bars.set(20, new MinuteBar("AAPL", bars.get(20).ts(), 0, 1, 0, 1, -5, "x"));
        bars.set(30, new MinuteBar("AAPL", bars.get(30).ts(), 10, 9, 11, 10, 5, "x"));

        List<CheckResult> rs = checks.minuteBars("AAPL", d, bars);
        assertThat(find(rs, DUPLICATES).observed()).isEqualTo(1);
        assertThat(find(rs, NON_POSITIVE).observed()).isEqualTo(1);
        assertThat(find(rs, OHLC_INCONSISTENT).observed()).isEqualTo(1);
        QualityReport report = new QualityReport(rs);
        assertThat(report.failures()).hasSize(3);
        assertThatThrownBy(report::enforce).hasMessageContaining("3 data-quality check(s) failed")
                .hasMessageContaining("duplicates AAPL 2026-11-20");
    }

    @Test
    void a_symbol_without_data_for_the_session_is_stale() {
        LocalDate d = LocalDate.parse("2026-11-20");
        assertThat(checks.stale("AAPL", d, LocalDate.parse("2026-11-19")).passed()).isFalse();
        assertThat(checks.stale("AAPL", d, null).detail()).isEqualTo("latest data is from never");
        assertThat(checks.stale("AAPL", d, d).passed()).isTrue();
    }

    @Test
    void daily_checks_flag_non_session_dates_and_missing_sessions() {
        LocalDate from = LocalDate.parse("2026-11-23");
        LocalDate to = LocalDate.parse("2026-11-27");
        List<DailyBar> bars = new ArrayList<>(sim.dailyBars(aapl, from, to));
        bars.removeFirst();
        DailyBar any = bars.getFirst();
        bars.add(new DailyBar("AAPL", LocalDate.parse("2026-11-26"), any.open(), any.high(), any.low(), any.close(), null, 1, "x"));

        List<CheckResult> rs = checks.dailyBars(bars, List.of("AAPL"), from, to);
        assertThat(find(rs, OUTSIDE_SESSION).detail()).contains("first 2026-11-26");
        assertThat(find(rs, MISSING_MINUTES).detail()).isEqualTo("1 of 4 sessions missing");
    }

    @Test
    void rejects_an_unknown_check_or_severity_in_the_policy() {
        assertThatThrownBy(() -> QualityPolicy.fromParam(Map.of("gaps", "fail"))).hasMessageContaining("unknown quality check 'gaps'");
        assertThatThrownBy(() -> QualityPolicy.fromParam(Map.of(DUPLICATES, "maybe"))).hasMessageContaining("fail or warn");
    }
}
