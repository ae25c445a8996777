package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import io.pipeline.cli.CliRunner;
import io.pipeline.ops.Actor;
import io.pipeline.ops.DbClean;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code db migrate}: applies the Flyway migrations to the configured database and reports its version.
 * {@code db clean}: Airflow's {@code db clean}, deleting the metadata of finished runs older than a date.
 */
@Command(name = "db", description = "The metadata database.", mixinStandardHelpOptions = true)
public class DbCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "migrate", description = "Apply pending migrations (the service also does so at start).")
    int migrate() {
        try (CliContext app = CliContext.start()) {
            Flyway flyway = app.bean(Flyway.class);
            MigrationInfo current = flyway.info().current();
            spec.commandLine().getOut().println("Database is at version "
                    + (current == null ? "(none)" : current.getVersion() + " (" + current.getDescription() + ")")
                    + "; " + flyway.info().pending().length + " migrations pending.");
            spec.commandLine().getOut().flush();
        }
        return CliRunner.OK;
    }

    @Command(name = "clean", mixinStandardHelpOptions = true,
            description = {"Delete the metadata of finished DAG runs older than a date (Airflow's db clean): the runs"
                    + " and their task instances, tries, logs and XCom values, one transaction per run.",
                    "Queued and running runs are never deleted: a selection holding one is refused. The latest"
                    + " scheduled run of each DAG is kept (its timetable continues from it). The event log is kept"
                    + " unless named in --tables."})
    int clean(@Option(names = "--before", required = true, paramLabel = "DATE",
                      description = "YYYY-MM-DD (midnight UTC) or an ISO instant: runs with an earlier logical date")
              String before,
              @Option(names = "--dag", paramLabel = "DAG_ID", description = "only this DAG's runs") String dagId,
              @Option(names = "--tables", split = ",", paramLabel = "TABLE",
                      description = "dag_run (default: the runs and all that hangs off them), task_log, xcom,"
                              + " audit_log") List<String> tables,
              @Option(names = "--dry-run", description = "count what would be deleted; delete nothing")
              boolean dryRun,
              @Option(names = "--archive", paramLabel = "DIR",
                      description = "write the rows as CSV (one file per table) before deleting them") Path archive) {
        Instant cutoff = instant(before);
        Set<DbClean.Table> chosen = EnumSet.noneOf(DbClean.Table.class);
        try {
            if (tables != null) {
                tables.forEach(t -> chosen.add(DbClean.Table.of(t)));
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--tables: " + e.getMessage());
        }
        try (CliContext app = CliContext.start()) {
            DbClean.Report r = app.bean(DbClean.class).clean(new DbClean.Request(cutoff, dagId, chosen, dryRun,
                    archive), Actor.cli(System.getProperty("user.name", "cli")));
            PrintWriter out = spec.commandLine().getOut();
            out.println("table\trows");
            r.rows().forEach((table, n) -> out.println(table + "\t" + n));
            out.println((dryRun ? "Dry run: " + r.runs() + " runs would be deleted; nothing was changed."
                    : "Deleted " + r.runs() + " runs" + (archive == null ? "." : "; archived to " + archive + "."))
                    + (r.skippedBusy() > 0 ? " " + r.skippedBusy() + " runs were being changed and were left for"
                    + " the next clean." : ""));
            out.flush();
        } catch (DbClean.RefusedException | IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        return CliRunner.OK;
    }

    private static Instant instant(String value) {
        try {
            return value.contains("T") ? Instant.parse(value)
                    : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInputException("--before: '" + value + "' is neither a date YYYY-MM-DD nor an ISO instant"
                    + " such as 2025-01-01T00:00:00Z");
        }
    }
}
