package io.pipeline.web.cli;

import io.pipeline.cli.CalendarCommand;
import io.pipeline.cli.VersionProvider;
import picocli.CommandLine.Command;

/** The root command: {@code java -jar pipeline.jar <command>}. One class per command group. */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Workflow orchestrator for market-data teams. With no command (or 'serve') it starts the service.",
        subcommands = {ServeCommand.class, CalendarCommand.class, DbCommand.class, UsersCommand.class,
                DagsCommand.class, TasksCommand.class, DoctorCommand.class})
public class PipelineCommand {
}
