package io.pipeline.web.cli;

import io.pipeline.cli.CliRunner;
import io.pipeline.dag.Dag;
import io.pipeline.web.ops.cli.TaskTestRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code tasks list DAG_ID}: the DAG's task ids, sorted, one per line (Airflow's output). Reads the DAG definitions
 * as the service loads them; needs no database.
 */
@Command(name = "list", description = "The task ids of a DAG, sorted, one per line (tasks of a task group carry the"
        + " group's id as a prefix, e.g. load.fetch). Needs no database.")
public class TasksListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DAG_ID")
    String dagId;

    @Override
    public Integer call() {
        Dag dag = TaskTestRunner.scanDag(dagId);
        PrintWriter out = spec.commandLine().getOut();
        dag.taskIds().stream().sorted().forEach(out::println);
        out.flush();
        return CliRunner.OK;
    }
}
