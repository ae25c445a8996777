package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dags list-runs DAG_ID} (or {@code -d DAG_ID}, Airflow 2's form): the DAG's runs, newest logical date first,
 * with Airflow's columns {@code dag_id, run_id, state, execution_date, start_date, end_date}.
 */
@Command(name = "list-runs", description = "List the runs of a DAG, newest logical date first (columns: dag_id,"
        + " run_id, state, execution_date, start_date, end_date).")
public class DagsListRunsCommand implements Callable<Integer> {

    static final List<String> COLUMNS = List.of("dag_id", "run_id", "state", "execution_date", "start_date",
            "end_date");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DAG_ID", arity = "0..1", description = "the DAG (or give it with -d)")
    String dagId;

    @Option(names = {"-d", "--dag-id"}, paramLabel = "DAG_ID", description = "the DAG (Airflow 2's form)")
    String dagIdOption;

    @Option(names = "--state", paramLabel = "STATE", description = "only runs in this state: queued, running,"
            + " success or failed")
    String state;

    @Option(names = "--no-backfill", description = "leave out the runs of backfills")
    boolean noBackfill;

    @Option(names = {"-s", "--start-date"}, paramLabel = "DATE", description = "only logical dates from this one"
            + " (YYYY-MM-DD in the schedule's zone, or an RFC 3339 date-time)")
    String start;

    @Option(names = {"-e", "--end-date"}, paramLabel = "DATE", description = "only logical dates up to this one")
    String end;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}")
    String output;

    @Override
    public Integer call() {
        String dag = DagsCommand.oneDagId(dagId, dagIdOption);
        String format = CliTable.format(output);
        List<DagRunState> states = state == null ? List.of() : List.of(runState(state));
        try (CliContext app = CliContext.start()) {
            var definition = app.bean(DagRegistry.class).require(dag);
            Instant from = start == null ? null : DagsBackfillCommand.bound(definition, start, "--start-date", true);
            Instant to = end == null ? null : DagsBackfillCommand.bound(definition, end, "--end-date", false);
            DagRunFilter filter = new DagRunFilter(states, null, from, to, null, null, null, null);
            List<Map<String, String>> rows = app.bean(DagRunService.class)
                    .list(dag, filter, Integer.MAX_VALUE, 0, "-execution_date").items().stream()
                    .filter(r -> !noBackfill || !"backfill".equals(r.runType()))
                    .map(DagsListRunsCommand::row).toList();
            CliTable.print(spec.commandLine().getOut(), format, COLUMNS, rows);
        } catch (io.pipeline.engine.DagNotFoundException e) {
            throw new BadInputException(e.getMessage());
        }
        return CliRunner.OK;
    }

    private static Map<String, String> row(DagRunRow r) {
        return CliTable.row("dag_id", r.dagId(), "run_id", r.runId(), "state", r.state().value(),
                "execution_date", r.logicalDate().toString(), "start_date", text(r.startDate()),
                "end_date", text(r.endDate()));
    }

    static String text(Instant i) {
        return i == null ? "" : i.toString();
    }

    private static DagRunState runState(String value) {
        for (DagRunState s : DagRunState.values()) {
            if (s.value().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw new BadInputException("--state: '" + value + "' is not a DAG run state (queued, running, success,"
                + " failed)");
    }
}
