package io.pipeline.web.cli;

import io.pipeline.cli.CliRunner;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code db migrate}: applies the Flyway migrations to the configured database and reports its version. */
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
}
