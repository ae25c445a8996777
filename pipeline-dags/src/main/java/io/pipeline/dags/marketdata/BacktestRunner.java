package io.pipeline.dags.marketdata;

import io.pipeline.dags.marketdata.BacktestResults.Window;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The entry point of the backtest runner image ({@code deploy/images/pipeline-backtest}) that {@code backtest_k8s}
 * starts once per strategy: {@code backtest --run-id R --strategy ma_10_50 --short-window 10 --long-window 50
 * --lookback-sessions 252 --end 2026-11-20}. It runs the moving-average crossover of {@code backtest} over every
 * symbol of {@code bars_1d} in the window and upserts its rows into {@code backtest_result} under (run, strategy,
 * symbol), in one transaction. The database comes from the environment: {@value #DB_URL} (JDBC URL),
 * {@value #DB_USER}, {@value #DB_PASSWORD}. Exit 0 on success, 1 when the backtest fails, 2 on bad arguments.
 */
@Command(name = "pipeline-backtest", mixinStandardHelpOptions = true,
        description = "Backtest runner: one strategy over bars_1d, results into backtest_result.",
        subcommands = BacktestRunner.Run.class)
public final class BacktestRunner implements Runnable {

    public static final String DB_URL = "PIPELINE_DB_URL";
    public static final String DB_USER = "PIPELINE_DB_USER";
    public static final String DB_PASSWORD = "PIPELINE_DB_PASSWORD";

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> env;
    private final Clock clock;

    BacktestRunner(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Clock.systemUTC(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /** Runs the command line with this environment and clock; returns the exit status. */
    public static int run(String[] args, Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new BacktestRunner(env, clock)).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("backtest failed: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: backtest");
    }

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = "Run one moving-average crossover strategy over every symbol of bars_1d in the window.")
    static final class Run implements Callable<Integer> {

        @CommandLine.ParentCommand
        BacktestRunner parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--run-id", required = true, description = "the DAG run the results belong to")
        String runId;

        @Option(names = "--strategy", required = true, description = "the strategy's name, e.g. ma_10_50")
        String strategy;

        @Option(names = "--short-window", required = true, description = "short moving average, sessions")
        int shortWindow;

        @Option(names = "--long-window", required = true, description = "long moving average, sessions")
        int longWindow;

        @Option(names = "--lookback-sessions", defaultValue = "252", description = "sessions in the test window")
        int lookbackSessions;

        @Option(names = "--end", required = true, description = "last session of the window (YYYY-MM-DD)")
        LocalDate end;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Backtest bt;
            Window w;
            try {
                bt = new Backtest(shortWindow, longWindow);
                w = Window.ending(MarketData.calendar(), end, lookbackSessions);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            String url = parent.env.get(DB_URL);
            if (url == null || url.isBlank()) {
                throw new IllegalStateException(DB_URL + " is not set: the JDBC URL of the database holding bars_1d"
                        + " and backtest_result");
            }
            Properties login = new Properties();
            putIfSet(login, "user", parent.env.get(DB_USER));
            putIfSet(login, "password", parent.env.get(DB_PASSWORD));
            try (Connection c = DriverManager.getConnection(url, login)) {
                List<Backtest.Result> results = new ArrayList<>();
                for (String symbol : BacktestResults.symbols(c, w)) {
                    List<Double> closes = BacktestResults.closes(c, symbol, w);
                    if (closes.size() <= longWindow) {
                        err.printf("%s: %d closes in %s..%s, need more than the long window %d; skipped%n", symbol,
                                closes.size(), w.start(), w.end(), longWindow);
                        continue;
                    }
                    Backtest.Result r = bt.run(symbol, closes);
                    out.printf("%s %s: return %.6f sharpe %s max drawdown %.6f turnover %.2f/yr over %d days%n",
                            symbol, strategy, r.totalReturn(), r.sharpe() == null ? "-" : "%.4f".formatted(r.sharpe()),
                            r.maxDrawdown(), r.turnover(), r.days());
                    results.add(r);
                }
                if (results.isEmpty()) {
                    throw new IllegalStateException("no symbol of bars_1d has more than " + longWindow
                            + " closes in " + w.start() + ".." + w.end());
                }
                c.setAutoCommit(false);
                BacktestResults.store(c, runId, strategy, bt, w, results, parent.clock.instant());
                c.commit();
                out.printf("stored %d row(s) in backtest_result for run %s, strategy %s, %s..%s%n", results.size(),
                        runId, strategy, w.start(), w.end());
            }
            return 0;
        }

        private static void putIfSet(Properties p, String key, String value) {
            if (value != null && !value.isEmpty()) {
                p.setProperty(key, value);
            }
        }
    }
}
