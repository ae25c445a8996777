package io.pipeline.web.cli;

import io.pipeline.cli.CliRunner;
import io.pipeline.web.doctor.Check;
import io.pipeline.web.doctor.Doctor;
import io.pipeline.web.doctor.DoctorSettings;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/**
 * {@code doctor [--online]}: checks the configuration in the environment without starting the service, one line per
 * check; exit 0 when none fails, 1 otherwise.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check this configuration without starting the service: database reachable and migrated,"
                + " object store writable from this node, each PIPELINE_CONN_* connection resolvable (--online:"
                + " reachable), Slack auth.test when a token is set, calendars covering the next 12 months of every"
                + " schedule, and what the production profile would refuse.",
                "One line per check (OK, FAIL or SKIP); exit status 0 when no check fails, 1 otherwise."})
public class DoctorCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--online", description = "Also connect to each connection's host and port.")
    boolean online;

    @Override
    public Integer call() {
        // stdout holds the checks only (scanning the DAGs would log at INFO)
        LoggingSystem.get(DoctorCommand.class.getClassLoader())
                .setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.ERROR);
        List<Check> checks = new Doctor(DoctorSettings.from(System.getenv(), System.getProperties()),
                Clock.systemUTC(), online).run();
        PrintWriter out = spec.commandLine().getOut();
        checks.forEach(c -> out.println(c.line()));
        long failed = checks.stream().filter(Check::failed).count();
        out.println(failed == 0 ? "doctor: all checks passed" : "doctor: " + failed + " check(s) failed");
        out.flush();
        return failed == 0 ? CliRunner.OK : CliRunner.FAILED;
    }
}
