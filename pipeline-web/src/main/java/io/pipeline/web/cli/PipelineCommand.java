package io.pipeline.web.cli;

import io.pipeline.cli.CalendarCommand;
import io.pipeline.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The root command: {@code java -jar pipeline.jar <command>}. One class per command group. Its standard options
 * ({@code --help}, {@code --version}) are inherited by every command and subcommand, so that {@code --help} answers
 * before picocli checks required options and parameters.
 */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Workflow orchestrator for market-data teams. With no command (or 'serve') it starts the service.",
        subcommands = {ServeCommand.class, CalendarCommand.class, DbCommand.class, UsersCommand.class,
                DagsCommand.class, TasksCommand.class, PoolsCommand.class, VariablesCommand.class,
                ConnectionsCommand.class, DoctorCommand.class})
public class PipelineCommand {
}
