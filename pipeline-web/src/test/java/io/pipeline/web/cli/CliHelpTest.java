package io.pipeline.web.cli;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command and subcommand of the jar's CLI answers --help with its usage (exit 0); bad usage exits 2. */
class CliHelpTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** The command paths of the whole tree, e.g. [users, create], walked from the root the CLI itself builds. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(new CommandLine(new PipelineCommand()), List.of(), paths);
        return paths;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // aliases are the same command
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, paths);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> every_command_and_subcommand_answers_help_with_its_usage_and_exit_0() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).as("the walk reaches the nested commands").contains(List.of("users", "create"),
                List.of("dags", "trigger"), List.of("dags", "backfill"), List.of("tasks", "list"),
                List.of("calendar", "sessions"), List.of("dags", "list-runs"), List.of("dags", "next-execution"),
                List.of("tasks", "states-for-dag-run"));
        return paths.stream().map(path -> DynamicTest.dynamicTest("pipeline " + String.join(" ", path) + " --help",
                () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add("--help");
                    assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
                    String usage = "Usage: pipeline" + (path.isEmpty() ? "" : " " + String.join(" ", path));
                    assertThat(out.toString()).startsWith(usage).contains("-h, --help");
                    assertThat(err.toString()).isEmpty();
                }));
    }

    @Test
    void help_wins_over_missing_required_options_and_parameters() {
        assertThat(run("users", "create", "-h")).isZero();
        assertThat(out.toString()).contains("--username").contains("--role").doesNotContain("Missing required");

        assertThat(run("dags", "trigger", "--help")).isZero();
        assertThat(out.toString()).contains("DAG_ID").contains("--conf");
    }

    @Test
    void missing_required_options_exit_2_naming_them() {
        assertThat(run("users", "create", "--username", "eve")).isEqualTo(2);

        assertThat(err.toString()).contains("error: Missing required option").contains("--role")
                .contains("pipeline users create --help");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_missing_parameter_exits_2_naming_it() {
        assertThat(run("tasks", "states-for-dag-run", "example_hello")).isEqualTo(2);

        assertThat(err.toString()).contains("EXECUTION_DATE_OR_RUN_ID");
    }

    @Test
    void an_unknown_subcommand_exits_2_naming_it() {
        assertThat(run("dags", "lst")).isEqualTo(2);

        assertThat(err.toString()).contains("lst");
    }
}
