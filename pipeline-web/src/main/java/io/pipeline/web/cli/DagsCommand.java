package io.pipeline.web.cli;

import io.pipeline.ops.Actor;
import io.pipeline.ops.Operations;
import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunConflictException;
import io.pipeline.store.DagRow;
import io.pipeline.store.DagRunRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** {@code dags list|trigger|pause|unpause} (Airflow's names and options), against the configured database. */
@Command(name = "dags", description = "DAGs: list, trigger, pause, unpause, backfill, list-runs, next-execution.",
        mixinStandardHelpOptions = true, subcommands = {DagsBackfillCommand.class, DagsListRunsCommand.class})
public class DagsCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "One line per DAG: dag_id, paused, schedule, owners, import error"
            + " (tab-separated).")
    int list() {
        try (CliContext app = CliContext.start()) {
            PrintWriter out = out();
            out.println("dag_id\tis_paused\tschedule\towners\timport_error");
            for (DagRow d : app.bean(DagRegistry.class).list(null, null, Integer.MAX_VALUE, 0).items()) {
                out.println(d.dagId() + '\t' + d.paused() + '\t' + nullToEmpty(d.scheduleDescription()) + '\t'
                        + nullToEmpty(d.owners()) + '\t' + (d.importError() == null ? "" : firstLine(d.importError())));
            }
            out.flush();
        }
        return CliRunner.OK;
    }

    @Command(name = "trigger", description = "Create a manual run (queued); a running scheduler starts it.")
    int trigger(@Parameters(paramLabel = "DAG_ID") String dagId,
                @Option(names = {"-r", "--run-id"}) String runId,
                @Option(names = {"-e", "--exec-date", "--logical-date"}, paramLabel = "DATE-TIME",
                        description = "RFC 3339, e.g. 2024-05-01T04:00:00Z (default: now)") String logicalDate,
                @Option(names = {"-c", "--conf"}, paramLabel = "JSON", description = "a JSON object") String conf,
                @Option(names = "--note") String note) {
        Instant logical = parseInstant(logicalDate);
        Map<String, Object> confMap = ConfJson.parse(conf);
        try (CliContext app = CliContext.start()) {
            DagRunRow run = app.bean(Operations.class).trigger(dagId, runId, logical, confMap, note, cliActor());
            out().println("Created run " + run.runId() + " of DAG " + dagId + " (state " + run.state().value()
                    + ", logical date " + run.logicalDate() + ").");
        } catch (DagNotFoundException | DagRunConflictException | IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        out().flush();
        return CliRunner.OK;
    }

    @Command(name = "pause", description = "Pause a DAG: no new scheduled runs; running ones finish.")
    int pause(@Parameters(paramLabel = "DAG_ID") String dagId) {
        return setPaused(dagId, true);
    }

    @Command(name = "unpause", description = "Unpause a DAG.")
    int unpause(@Parameters(paramLabel = "DAG_ID") String dagId) {
        return setPaused(dagId, false);
    }

    @Command(name = "next-execution", description = "The logical date of the DAG's next scheduled run (and of the"
            + " ones after it with -n), one per line; 'None' when it has no further scheduled run.")
    int nextExecution(@Parameters(paramLabel = "DAG_ID") String dagId,
                      @Option(names = {"-n", "--num-executions"}, defaultValue = "1", paramLabel = "N",
                              description = "how many to print; default ${DEFAULT-VALUE}") int count) {
        if (count < 1) {
            throw new BadInputException("--num-executions: must be at least 1, got " + count);
        }
        try (CliContext app = CliContext.start()) {
            DagRegistry registry = app.bean(DagRegistry.class);
            Dag dag = registry.require(dagId);
            DagRow row = registry.find(dagId).orElseThrow(() -> new DagNotFoundException(dagId));
            if (row.paused()) {
                err("[INFO] Please be reminded this DAG is PAUSED now.");
            }
            for (Instant next : NextExecutions.of(dag, row, count)) {
                out().println(next == null ? "None" : next.toString());
                if (next == null) {
                    err("[WARN] No following schedule can be found. This DAG may be manual-only or past its end"
                            + " date.");
                    break;
                }
            }
        } catch (DagNotFoundException e) {
            throw new BadInputException(e.getMessage());
        }
        out().flush();
        return CliRunner.OK;
    }

    /** The DAG id given either as the parameter or with {@code -d} (Airflow 2's form), not both. */
    static String oneDagId(String parameter, String option) {
        if (parameter != null && option != null && !parameter.equals(option)) {
            throw new BadInputException("give the DAG id once: DAG_ID '" + parameter + "' and --dag-id '" + option
                    + "' differ");
        }
        String id = parameter != null ? parameter : option;
        if (id == null) {
            throw new BadInputException("Missing required parameter: 'DAG_ID' (or -d DAG_ID)");
        }
        return id;
    }

    private void err(String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
    }

    private int setPaused(String dagId, boolean paused) {
        try (CliContext app = CliContext.start()) {
            DagRow row = app.bean(Operations.class).pause(dagId, paused, cliActor());
            out().println("Dag: " + row.dagId() + ", paused: " + row.paused());
        } catch (DagNotFoundException e) {
            throw new BadInputException(e.getMessage());
        }
        out().flush();
        return CliRunner.OK;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static Instant parseInstant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException("--logical-date: '" + value + "' is not an RFC 3339 date-time such as"
                    + " 2024-05-01T04:00:00Z");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The audit log names the operating-system user who ran the command. */
    private static Actor cliActor() {
        return Actor.cli(System.getProperty("user.name", "cli"));
    }
}
