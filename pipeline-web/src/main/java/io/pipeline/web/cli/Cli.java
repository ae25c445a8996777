package io.pipeline.web.cli;

import io.pipeline.cli.CliRunner;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The full command line (every command group), run by {@code PipelineApplication.main} for anything but the
 * service. Loads no Spring classes itself; commands that need the database start a context of their own
 * ({@link CliContext}). Exit statuses: see {@link CliRunner}.
 */
public final class Cli {

    private Cli() {
    }

    /** Runs against the process's stdout and stderr and returns the exit status. */
    public static int run(String... args) {
        return CliRunner.run(commandLine(), args);
    }

    /** Runs with the given writers (tests capture them). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return CliRunner.run(commandLine(), out, err, args);
    }

    /** Every command; {@code calendar override} joins the light calendar commands here (it needs the database). */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PipelineCommand());
        cl.getSubcommands().get("calendar").addSubcommand(new CalendarOverrideCommand());
        return cl;
    }
}
