package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.Sleeper;
import io.pipeline.ops.Actor;
import io.pipeline.ops.Backfill;
import io.pipeline.ops.BackfillDates;
import io.pipeline.ops.BackfillRequest;
import io.pipeline.ops.BackfillService;
import io.pipeline.ops.OpsConflictException;
import io.pipeline.ops.PlannedRun;
import io.pipeline.ops.ReprocessBehavior;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.web.ops.cli.BackfillProgressPrinter;
import io.pipeline.web.ops.cli.SchedulerCheck;
import io.pipeline.web.ops.cli.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dags backfill DAG_ID -s START -e END}: creates a backfill (one run per scheduled logical date, per session on
 * session schedules) that the service's scheduler runs, then follows its progress: a bar on a terminal, plain lines
 * otherwise. Ctrl-C stops following, not the backfill. Airflow 2's option names, with Airflow 3's as aliases;
 * {@code --only-missing URI} keeps the dates whose partition of that dataset has no event yet.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Run a DAG for every scheduled logical date (trading session) from START to END, both included.")
public class DagsBackfillCommand implements Callable<Integer> {

    static final Duration POLL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DAG_ID")
    String dagId;

    @Option(names = {"-s", "--start-date", "--from-date"}, required = true, paramLabel = "DATE",
            description = "YYYY-MM-DD (the whole day, in the schedule's zone) or an RFC 3339 date-time")
    String start;

    @Option(names = {"-e", "--end-date", "--to-date"}, required = true, paramLabel = "DATE",
            description = "YYYY-MM-DD (the whole day, in the schedule's zone) or an RFC 3339 date-time")
    String end;

    @Option(names = "--reprocess-behavior", paramLabel = "none|failed|completed", defaultValue = "none",
            description = "dates that already have a run: leave them (none), re-run failed runs, or re-run failed and"
                    + " successful runs (completed); default ${DEFAULT-VALUE}")
    String reprocess;

    @Option(names = "--max-active-runs", defaultValue = "10", description = "default ${DEFAULT-VALUE}")
    int maxActiveRuns;

    @Option(names = {"-B", "--run-backwards"}, description = "start the newest runs first")
    boolean backwards;

    @Option(names = {"-c", "--conf", "--dag-run-conf"}, paramLabel = "JSON", description = "the conf of every run")
    String conf;

    @Option(names = "--only-missing", paramLabel = "DATASET_URI",
            description = "only the dates whose partition of this partitioned dataset has no event yet, e.g."
                    + " postgres://marketdata/public/bars_1d: every session of the range without bars")
    String onlyMissing;

    @Option(names = "--dry-run", description = "list the logical dates that would run; create nothing")
    boolean dryRun;

    @Option(names = "--no-wait", description = "create the backfill and return without following it")
    boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        ReprocessBehavior behavior = ReprocessBehavior.of(reprocess);
        var confMap = ConfJson.parse(conf);
        try (CliContext app = CliContext.start()) {
            Dag dag = app.bean(DagRegistry.class).require(dagId);
            BackfillRequest request = new BackfillRequest(dagId, bound(dag, start, "--start-date", true),
                    bound(dag, end, "--end-date", false), backwards, confMap, behavior, maxActiveRuns, missingOf());
            BackfillService backfills = app.bean(BackfillService.class);
            if (dryRun) {
                return plan(backfills.plan(request));
            }
            Backfill created = backfills.create(request, Actor.cli(System.getProperty("user.name", "cli")));
            String missingOf = created.row().onlyMissingPartitionsOf();
            out().println("Backfill " + created.row().id() + " of DAG " + dagId + ": " + created.progress().total()
                    + " runs, " + created.progress().skipped() + " dates skipped (a run existed)"
                    + (missingOf == null ? "" : "; only dates whose partition of " + missingOf + " had no event") + ".");
            out().flush();
            if (!noWait) {
                follow(app, backfills, created);
            }
            return CliRunner.OK;
        } catch (DagNotFoundException | OpsConflictException e) {
            throw new BadInputException(e.getMessage());
        } catch (InvalidDatasetException e) {
            throw new BadInputException(onlyMissing == null ? e.getMessage() : "--only-missing: " + e.getMessage());
        }
    }

    private String missingOf() {
        if (onlyMissing != null && onlyMissing.isBlank()) {
            throw new BadInputException("--only-missing: a dataset URI is required, got a blank string");
        }
        return onlyMissing;
    }

    private int plan(List<PlannedRun> plan) {
        PrintWriter out = out();
        out.println("logical_date\tsession\taction");
        int runs = 0;
        for (PlannedRun p : plan) {
            if (p.action().runs()) {
                runs++;
            }
            out.println(p.logicalDate() + "\t" + (p.session() == null ? "" : p.session()) + "\t"
                    + p.action().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.println(runs + " runs would be created or re-run; nothing was changed (dry run).");
        out.flush();
        return CliRunner.OK;
    }

    private void follow(CliContext app, BackfillService backfills, Backfill created) throws InterruptedException {
        if (!app.bean(SchedulerCheck.class).alive()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: no scheduler is running; the backfill's runs start when one does."
                    + " Follow it with GET /api/v1/backfills/" + created.row().id());
            err.flush();
            return;
        }
        BackfillProgressPrinter printer = new BackfillProgressPrinter(out(), Terminal.isTerminal(),
                created.row().id());
        Sleeper sleeper = Sleeper.real();
        Backfill now = created;
        while (true) {
            printer.update(now.progress());
            if (now.row().completedAt() != null) {
                break;
            }
            sleeper.sleep(POLL);
            now = backfills.get(created.row().id());
        }
        printer.done();
        out().println("Backfill " + created.row().id() + " completed: " + now.progress().done() + " succeeded, "
                + now.progress().failed() + " failed.");
        out().flush();
    }

    static Instant bound(Dag dag, String value, String option, boolean start) {
        String v = value.trim();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return start ? BackfillDates.start(dag, d) : BackfillDates.end(dag, d);
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException(option + ": '" + value + "' is neither a date (YYYY-MM-DD) nor an RFC 3339"
                    + " date-time");
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
