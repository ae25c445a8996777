package io.pipeline.web.testing;

import io.pipeline.web.cli.Cli;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs CLI commands in this JVM against the database of the running test application (given as system properties,
 * as SPRING_DATASOURCE_URL would be); {@link #close()} restores the properties. The root log level the command
 * lowers is put back after each command.
 */
public final class CliInProcess implements AutoCloseable {

    public record Result(int exitCode, String out, String err) {
    }

    private final Map<String, String> saved = new HashMap<>();

    public CliInProcess(String datasourceUrl) {
        set("spring.datasource.url", datasourceUrl);
        set("spring.datasource.username", "postgres");
        set("spring.datasource.password", "postgres");
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        LoggingSystem logging = LoggingSystem.get(CliInProcess.class.getClassLoader());
        LogLevel rootLevel = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getEffectiveLevel();
        try {
            int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            // The command's context sets the JVM's root level to ERROR; the application under test logs on.
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, rootLevel);
        }
    }

    /** The OS user the CLI records as the actor. */
    public static String osUser() {
        return System.getProperty("user.name", "cli");
    }

    private void set(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @Override
    public void close() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }
}
