package io.pipeline.dags.examples;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.ParamSpec;
import io.pipeline.dag.TaskRef;
import io.pipeline.dags.DagAlerts;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.TriggerRule;
import io.pipeline.task.TaskContext;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * A day of end-of-day prices, offline: list the symbols, choose a price source (a branch on the {@code source}
 * param), fetch one bar per symbol (a dynamic fan-out), load the bars (fails on its first try, as a flaky store
 * would, and succeeds on its retry two seconds later), then report. Runs after the close of each NYSE session.
 */
public final class ExampleTradingDay implements DagDefinition {

    public static final String DAG_ID = "example_trading_day";
    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "SPY");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** One end-of-day bar; prices are derived from the symbol and date so that runs are repeatable offline. */
    public record Bar(String symbol, LocalDate date, double close) {
        static Bar of(String symbol, LocalDate date, double bias) {
            double base = 50 + Math.floorMod(symbol.hashCode(), 400);
            double drift = Math.floorMod(date.toEpochDay() * 31 + symbol.length(), 100) / 10.0;
            return new Bar(symbol, date, Math.round((base + drift + bias) * 100) / 100.0);
        }
    }

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .description("End-of-day prices for a few symbols: branch on the source, fan out per symbol,"
                        + " load with a retry, report")
                .owner("market-data")
                .tags("example", "prices")
                .schedule(Schedules.onSessions("XNYS").at("18:30", "America/New_York"))
                .startDate(LocalDate.of(2025, 1, 2), "America/New_York")
                .catchup(false)
                .maxActiveRuns(4)
                .param(ParamSpec.string("source").withDefault("primary").describedAs("primary or backup"))
                .tasks(b -> {
                    TaskRef symbols = b.task("list_symbols", ctx -> SYMBOLS);
                    TaskRef choose = b.branch("choose_source", ctx -> List.of(
                            "backup".equals(ctx.param("source", String.class)) ? "fetch_backup" : "fetch_prices"));
                    TaskRef fetch = b.task("fetch_prices", ExampleTradingDay::fetch).expand(symbols);
                    TaskRef backup = b.task("fetch_backup", ctx -> SYMBOLS.stream()
                            .map(s -> Bar.of(s, day(ctx), 0.5)).toList());
                    TaskRef load = b.task("load_bars", ExampleTradingDay::load)
                            .retries(1).retryDelay(Duration.ofSeconds(2))
                            .triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS);
                    TaskRef report = b.task("report", ctx -> {
                        int loaded = ctx.input("load_bars", Integer.class);
                        ctx.log().info("{} bars loaded for {}", loaded, day(ctx));
                        return "loaded " + loaded + " bars for " + day(ctx);
                    });
                    symbols.then(choose).then(fetch, backup);
                    TaskRef.all(fetch, backup).then(load).then(report);
                })
                .alerts(DagAlerts.onRetryAndFailure())
                .build();
    }

    private static Bar fetch(TaskContext ctx) {
        String symbol = ctx.mapItem(String.class);
        Bar bar = Bar.of(symbol, day(ctx), 0);
        ctx.log().info("fetched {} close {} for {}", symbol, bar.close(), bar.date());
        return bar;
    }

    private static int load(TaskContext ctx) {
        List<Bar> bars = "backup".equals(ctx.param("source", String.class))
                ? List.of(ctx.input("fetch_backup", Bar[].class))
                : ctx.inputs("fetch_prices", Bar.class);
        if (ctx.tryNumber() == 1) {
            // Shows a retry: a bar store that times out on the first attempt of every run.
            throw new IllegalStateException("bar store timed out while loading " + bars.size() + " bars (try 1)");
        }
        ctx.log().info("loaded {} bars on try {}", bars.size(), ctx.tryNumber());
        return bars.size();
    }

    private static LocalDate day(TaskContext ctx) {
        return ctx.session() != null ? ctx.session() : ctx.logicalDate().atZone(NEW_YORK).toLocalDate();
    }
}
