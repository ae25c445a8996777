package io.pipeline.web.cli;

import picocli.CommandLine.Command;

/**
 * Listed for help only: {@code serve} (or no command) is handled before the CLI is built, so that the service never
 * loads the CLI and the CLI never loads Spring.
 */
@Command(name = "serve", description = "Start the service (the default with no command). Spring Boot options such"
        + " as --server.port=9090 may follow.")
public class ServeCommand implements Runnable {
    @Override
    public void run() {
        throw new IllegalStateException("serve is dispatched by PipelineApplication.main");
    }
}
