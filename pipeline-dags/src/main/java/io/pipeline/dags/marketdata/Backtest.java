package io.pipeline.dags.marketdata;

import java.util.List;

/**
 * A long-only moving-average crossover on daily closes: hold the symbol on the day after the short average closes
 * above the long one, stay flat otherwise. Returns are close to close; Sharpe is annualised over 252 sessions with
 * a zero risk-free rate; turnover is position changes per year.
 */
public record Backtest(int shortWindow, int longWindow) {

    public record Result(String symbol, int days, double totalReturn, Double sharpe, double maxDrawdown,
                         double turnover, int trades) {
    }

    public Backtest {
        if (shortWindow < 1 || longWindow <= shortWindow) {
            throw new IllegalArgumentException("need 1 <= short window < long window, got " + shortWindow + " and " + longWindow);
        }
    }

    public Result run(String symbol, List<Double> closes) {
        if (closes.size() <= longWindow) {
            throw new IllegalArgumentException(symbol + ": " + closes.size() + " daily closes, need more than the long window "
                    + longWindow);
        }
        int n = closes.size();
        double equity = 1;
        double peak = 1;
        double maxDrawdown = 0;
        double sum = 0;
        double sumSq = 0;
        int returns = 0;
        int trades = 0;
        int position = 0;
        for (int t = longWindow; t < n; t++) {
            double r = position * (closes.get(t) / closes.get(t - 1) - 1);
            equity *= 1 + r;
            peak = Math.max(peak, equity);
            maxDrawdown = Math.max(maxDrawdown, 1 - equity / peak);
            sum += r;
            sumSq += r * r;
            returns++;
            int next = mean(closes, t, shortWindow) > mean(closes, t, longWindow) ? 1 : 0;
            if (next != position) {
                trades++;
                position = next;
            }
        }
        double mean = sum / returns;
        double variance = returns > 1 ? (sumSq - returns * mean * mean) / (returns - 1) : 0;
        Double sharpe = variance > 1e-18 ? mean / Math.sqrt(variance) * Math.sqrt(252) : null;
        double turnover = trades * 252.0 / returns;
        return new Result(symbol, returns, equity - 1, sharpe, maxDrawdown, turnover, trades);
    }

    /** The mean of the {@code window} closes ending at index t (inclusive). */
    private static double mean(List<Double> closes, int t, int window) {
        double s = 0;
        for (int i = t - window + 1; i <= t; i++) {
            s += closes.get(i);
        }
        return s / window;
    }
}
