package io.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs a picocli command tree with the CLI's exit statuses: 0 success, 2 bad usage or bad input (with
 * {@code error: <what was wrong>} on stderr), 1 anything else. Shared by the light launcher and the full CLI.
 */
public final class CliRunner {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private CliRunner() {
    }

    /** Runs against the process's stdout (buffered) and stderr. */
    public static int run(CommandLine cli, String... args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        try {
            return run(cli, out, err, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs with the given writers; commands write to {@code spec.commandLine().getOut()}. */
    public static int run(CommandLine cli, PrintWriter out, PrintWriter err, String... args) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(CliRunner::badUsage);
        cli.setExecutionExceptionHandler((e, command, parsed) -> failed(e, command));
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
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
        if (e instanceof CommandFailedException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return FAILED;
        }
        err.println("error: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
        e.printStackTrace(err);
        err.flush();
        return FAILED;
    }
}
