package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.store.DagRunFilter;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tasks states-for-dag-run DAG_ID EXECUTION_DATE_OR_RUN_ID}: the state of every task instance of one run, with
 * Airflow's columns {@code dag_id, execution_date, task_id, state, start_date, end_date} (and {@code map_index}
 * when the run has mapped instances).
 */
@Command(name = "states-for-dag-run", description = "The state of every task instance of one run (columns: dag_id,"
        + " execution_date, task_id, state, start_date, end_date[, map_index]).")
public class TasksStatesForDagRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DAG_ID")
    String dagId;

    @Parameters(index = "1", paramLabel = "EXECUTION_DATE_OR_RUN_ID",
            description = "the run's id, or its logical date as an RFC 3339 date-time")
    String runOrDate;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or plain (tab-separated); default ${DEFAULT-VALUE}")
    String output;

    @Override
    public Integer call() {
        String format = CliTable.format(output);
        try (CliContext app = CliContext.start()) {
            app.bean(DagRegistry.class).require(dagId);
            DagRunRow run = run(app.bean(DagRunService.class));
            List<TaskInstanceRow> tis = app.bean(TaskInstanceService.class).all(dagId, run.runId());
            boolean mapped = tis.stream().anyMatch(t -> t.mapIndex() >= 0);
            List<String> columns = new ArrayList<>(List.of("dag_id", "execution_date", "task_id", "state",
                    "start_date", "end_date"));
            if (mapped) {
                columns.add("map_index");
            }
            List<Map<String, String>> rows = tis.stream().map(t -> CliTable.row("dag_id", t.dagId(),
                    "execution_date", run.logicalDate().toString(), "task_id", t.taskId(), "state", t.state().value(),
                    "start_date", DagsListRunsCommand.text(t.startDate()),
                    "end_date", DagsListRunsCommand.text(t.endDate()),
                    "map_index", t.mapIndex() >= 0 ? Integer.toString(t.mapIndex()) : "")).toList();
            CliTable.print(spec.commandLine().getOut(), format, columns, rows);
        } catch (DagNotFoundException e) {
            throw new BadInputException(e.getMessage());
        }
        return CliRunner.OK;
    }

    /** By run id first; else, when the argument is a date-time, the run with that logical date. */
    private DagRunRow run(DagRunService runs) {
        Optional<DagRunRow> byId = runs.get(dagId, runOrDate);
        if (byId.isPresent()) {
            return byId.get();
        }
        Instant logical;
        try {
            logical = OffsetDateTime.parse(runOrDate).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException("DAG '" + dagId + "' has no run with id '" + runOrDate + "'");
        }
        DagRunFilter at = new DagRunFilter(List.of(), null, logical, logical, null, null, null, null);
        return runs.list(dagId, at, 1, 0, null).items().stream().findFirst()
                .orElseThrow(() -> new BadInputException("DAG '" + dagId + "' has no run with id or logical date '"
                        + runOrDate + "'"));
    }
}
