package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.cli.CommandFailedException;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagNotFoundException;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.ops.Actor;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskNotFoundException;
import io.pipeline.ops.TaskScope;
import io.pipeline.ops.TaskTestResult;
import io.pipeline.ops.TiRef;
import io.pipeline.web.ops.cli.TaskTestRunner;
import io.pipeline.web.ops.cli.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code tasks clear} (Airflow's options) and {@code tasks test DAG TASK DATE} (in process, nothing recorded). */
@Command(name = "tasks", description = "Tasks and task instances: clear, test, list, states-for-dag-run.",
        mixinStandardHelpOptions = true,
        subcommands = {TasksListCommand.class, TasksStatesForDagRunCommand.class})
public class TasksCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "clear", description = "Clear task instances so that they run again (their tries are kept).")
    int clear(@Parameters(paramLabel = "DAG_ID") String dagId,
              @Option(names = {"-t", "--task-regex"}, paramLabel = "REGEX",
                      description = "tasks whose id contains a match (default: every task)") String regex,
              @Option(names = {"-s", "--start-date"}, paramLabel = "DATE",
                      description = "YYYY-MM-DD (in the schedule's zone) or an RFC 3339 date-time") String start,
              @Option(names = {"-e", "--end-date"}, paramLabel = "DATE") String end,
              @Option(names = {"-r", "--run-id"}, paramLabel = "RUN_ID", description = "one run instead of a date"
                      + " range") String runId,
              @Option(names = {"-u", "--upstream"}, description = "also the upstream tasks") boolean upstream,
              @Option(names = {"-d", "--downstream"}, description = "also the downstream tasks") boolean downstream,
              @Option(names = {"-f", "--only-failed"}) boolean onlyFailed,
              @Option(names = {"--only-running"}) boolean onlyRunning,
              @Option(names = "--past", description = "also every earlier run") boolean past,
              @Option(names = "--future", description = "also every later run") boolean future,
              @Option(names = "--no-reset-dag-runs", description = "leave finished runs in their state") boolean keep,
              @Option(names = "--dry-run", description = "list the task instances; clear nothing") boolean dryRun,
              @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation") boolean yes) {
        try (CliContext app = CliContext.start()) {
            Dag dag = app.bean(DagRegistry.class).require(dagId);
            RunScope runs = new RunScope(runId, start == null ? null : DagsBackfillCommand.bound(dag, start,
                    "--start-date", true), end == null ? null : DagsBackfillCommand.bound(dag, end, "--end-date",
                    false), past, future);
            TaskScope tasks = new TaskScope(List.of(), regex, upstream, downstream);
            ClearRequest request = new ClearRequest(dagId, tasks, runs, onlyFailed, onlyRunning, !keep, true);
            Operations ops = app.bean(Operations.class);
            Actor actor = Actor.cli(System.getProperty("user.name", "cli"));
            List<TiRef> planned = ops.clear(request, actor);
            print(planned);
            if (dryRun || planned.isEmpty()) {
                out().println(planned.size() + " task instances would be cleared; nothing was changed"
                        + (dryRun ? " (dry run)." : "."));
                return done();
            }
            if (!yes && !confirm(planned.size())) {
                out().println("Nothing cleared.");
                return done();
            }
            List<TiRef> cleared = ops.clear(new ClearRequest(dagId, tasks, runs, onlyFailed, onlyRunning, !keep,
                    false), actor);
            out().println("Cleared " + cleared.size() + " task instances.");
            return done();
        } catch (DagNotFoundException | DagRunNotFoundException | TaskNotFoundException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    @Command(name = "test", description = "Run one task in this process for a date, printing its log and output;"
            + " needs no scheduler or database and records nothing.")
    int test(@Parameters(index = "0", paramLabel = "DAG_ID") String dagId,
             @Parameters(index = "1", paramLabel = "TASK_ID") String taskId,
             @Parameters(index = "2", paramLabel = "DATE", description = "YYYY-MM-DD: the run of that date (the"
                     + " session's run on session schedules)") String date,
             @Option(names = {"-c", "--conf", "-t", "--task-params"}, paramLabel = "JSON") String conf,
             @Option(names = {"-i", "--input"}, paramLabel = "TASK=JSON", description = "an upstream task's output"
                     + " (repeatable); tasks test runs no upstream task") Map<String, String> inputs,
             @Option(names = "--map-index", defaultValue = "-1", description = "the instance of a mapped task")
             int mapIndex) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadInputException("DATE: '" + date + "' is not a date in the form YYYY-MM-DD");
        }
        TaskTestResult r = TaskTestRunner.run(dagId, taskId, day, ConfJson.parse(conf),
                inputs == null ? Map.of() : new LinkedHashMap<>(inputs), mapIndex);
        PrintWriter out = out();
        out.print(r.log());
        if (r.success()) {
            out.println("Output: " + (r.outputJson() == null ? "(none)" : r.outputJson()));
            if (!r.wouldSkip().isEmpty()) {
                out.println("Would skip: " + String.join(", ", r.wouldSkip()));
            }
            out.println("Task " + taskId + " succeeded in " + r.duration().toMillis() + " ms; nothing was recorded.");
            return done();
        }
        out.flush();
        throw new CommandFailedException("task " + taskId + " failed: " + r.error());
    }

    private void print(List<TiRef> tis) {
        PrintWriter out = out();
        out.println("dag_id\trun_id\ttask_id\tmap_index\tstate");
        for (TiRef t : tis) {
            out.println(t.dagId() + '\t' + t.runId() + '\t' + t.taskId() + '\t' + t.mapIndex() + '\t'
                    + t.state().value().toLowerCase(Locale.ROOT));
        }
        out.flush();
    }

    private boolean confirm(int count) {
        if (!Terminal.isTerminal()) {
            throw new BadInputException("not clearing " + count + " task instances without --yes (no terminal to"
                    + " confirm on); use --dry-run to only list them");
        }
        out().print("Clear these " + count + " task instances? [y/N] ");
        out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    private int done() {
        out().flush();
        return CliRunner.OK;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
