package io.pipeline.dags.marketdata;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import io.pipeline.calendar.Session;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedBarProviderTest {

    private final ExchangeCalendar xnys = Calendars.get("XNYS");
    private final Ticker aapl = new Ticker("AAPL", "XNAS", null);

    @Test
    void gives_one_bar_per_trading_minute_of_a_regular_session_labelled_simulated() {
        LocalDate d = LocalDate.parse("2026-11-20");
        List<MinuteBar> bars = new SimulatedBarProvider(xnys, 42).minuteBars(aapl, d);

        assertThat(bars).hasSize(390);
        assertThat(bars.getFirst().ts()).isEqualTo(xnys.sessionOpen(d));
        assertThat(bars.getLast().ts()).isEqualTo(xnys.sessionClose(d).minusSeconds(60));
        assertThat(bars).allMatch(b -> b.source().equals("simulated"));
        assertThat(bars).allMatch(b -> b.low() <= Math.min(b.open(), b.close()) && b.high() >= Math.max(b.open(), b.close())
                && b.low() > 0 && b.volume() > 0);
    }

    @Test
    void stops_at_an_early_close() {
        LocalDate dayAfterThanksgiving = LocalDate.parse("2026-11-27");
        List<MinuteBar> bars = new SimulatedBarProvider(xnys, 42).minuteBars(aapl, dayAfterThanksgiving);

        assertThat(bars).hasSize(210);
        assertThat(bars.getLast().ts()).isEqualTo(xnys.sessionClose(dayAfterThanksgiving).minusSeconds(60));
    }

    @Test
    void skips_the_lunch_break_in_tokyo() {
        ExchangeCalendar xtks = Calendars.get("XTKS");
        LocalDate d = LocalDate.parse("2026-11-20");
        Session s = xtks.session(d);
        List<MinuteBar> bars = new SimulatedBarProvider(xtks, 7).minuteBars(new Ticker("7203", "XTKS", null), d);

        assertThat(bars).hasSize((int) xtks.tradingMinutes(d));
        assertThat(bars).noneMatch(b -> !b.ts().isBefore(s.breakStart()) && b.ts().isBefore(s.breakEnd()));
    }

    @Test
    void is_deterministic_for_a_seed_and_differs_between_seeds() {
        LocalDate d = LocalDate.parse("2026-11-20");
        assertThat(new SimulatedBarProvider(xnys, 1).minuteBars(aapl, d)).isEqualTo(new SimulatedBarProvider(xnys, 1).minuteBars(aapl, d));
        assertThat(new SimulatedBarProvider(xnys, 1).minuteBars(aapl, d)).isNotEqualTo(new SimulatedBarProvider(xnys, 2).minuteBars(aapl, d));
    }

    @Test
    void daily_bars_aggregate_the_minute_bars_of_each_session_only() {
        SimulatedBarProvider p = new SimulatedBarProvider(xnys, 3);
        List<DailyBar> days = p.dailyBars(aapl, LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-29"));

        assertThat(days).extracting(DailyBar::date).containsExactly(LocalDate.parse("2026-11-23"),
                LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-27"));
        List<MinuteBar> minutes = p.minuteBars(aapl, LocalDate.parse("2026-11-24"));
        DailyBar tue = days.get(1);
        assertThat(tue.open()).isEqualTo(minutes.getFirst().open());
        assertThat(tue.close()).isEqualTo(minutes.getLast().close());
        assertThat(tue.volume()).isEqualTo(minutes.stream().mapToLong(MinuteBar::volume).sum());
        assertThat(tue.source()).isEqualTo("simulated");
    }
}
