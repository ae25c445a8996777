package io.pipeline.web.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs one CLI command and returns its exit status: 0 success, 2 bad usage or bad input (with a message on stderr
 * naming what was wrong), 1 anything else. Loads no Spring classes itself; commands that need the database start a
 * context of their own.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private Cli() {
    }

    /** Runs against the process's stdout and stderr. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        try {
            return run(out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs with the given writers (tests capture them). Commands write to {@code spec.commandLine().getOut()}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PipelineCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(Cli::badUsage);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, command));
        return cli;
    }

    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return BAD_INPUT;
    }

    private static int failed(Exception e, CommandLine command) {
        PrintWriter err = command.getErr();
        if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        err.println("error: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
        e.printStackTrace(err);
        err.flush();
        return FAILED;
    }
}
