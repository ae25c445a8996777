package io.pipeline.web.cli;

import picocli.CommandLine.Command;

/** The root command: {@code java -jar pipeline.jar <command>}. One class per command group. */
@Command(name = "pipeline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Workflow orchestrator for market-data teams. With no command (or 'serve') it starts the service.",
        subcommands = {ServeCommand.class, CalendarCommand.class})
public class PipelineCommand {
}
