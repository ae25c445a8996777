package io.pipeline.dags.marketdata;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BacktestTest {

    @Test
    void a_steady_uptrend_is_held_after_the_first_crossover_and_never_draws_down() {
        List<Double> closes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            closes.add(100.0 * Math.pow(1.01, i));
        }
        Backtest.Result r = new Backtest(5, 20).run("UP", closes);

        assertThat(r.trades()).isEqualTo(1);
        assertThat(r.maxDrawdown()).isZero();
        // held from the second return on: 78 daily gains of 1%
        assertThat(r.totalReturn()).isCloseTo(Math.pow(1.01, 79) - 1, within(1e-9));
        assertThat(r.days()).isEqualTo(80);
    }

    @Test
    void measures_drawdown_from_the_peak_while_invested() {
        List<Double> closes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            closes.add(100.0 + i);
        }
        closes.add(120.0); // a drop of 128.99 -> 120 while long
        for (int i = 0; i < 10; i++) {
            closes.add(120.0 - i);
        }
        Backtest.Result r = new Backtest(2, 5).run("DD", closes);

        assertThat(r.maxDrawdown()).isGreaterThan((129.0 - 120.0) / 129.0 - 1e-9);
        assertThat(r.trades()).isEqualTo(2);
        assertThat(r.turnover()).isCloseTo(2 * 252.0 / r.days(), within(1e-9));
    }

    @Test
    void a_flat_series_has_no_sharpe() {
        List<Double> flat = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            flat.add(10.0);
        }
        assertThat(new Backtest(3, 10).run("FLAT", flat).sharpe()).isNull();
    }

    @Test
    void needs_more_history_than_the_long_window() {
        assertThatThrownBy(() -> new Backtest(5, 20).run("X", List.of(1.0, 2.0)))
                .hasMessageContaining("X: 2 daily closes, need more than the long window 20");
        assertThatThrownBy(() -> new Backtest(20, 5)).hasMessageContaining("short window < long window");
    }
}
