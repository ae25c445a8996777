package io.pipeline.web;

import io.pipeline.web.cli.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The service and the command line in one jar. With no arguments, {@code serve}, or only Spring-style
 * {@code --name=value} options it starts the service; otherwise it runs a CLI command and exits.
 * The CLI path must not touch Spring so that commands that need no database start in a fraction of a second;
 * {@link ServerLauncher} is only loaded when serving.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PipelineApplication {

    public static void main(String[] args) {
        if (isServe(args)) {
            ServerLauncher.serve(serveArgs(args));
        } else {
            System.exit(Cli.run(args));
        }
    }

    static boolean isServe(String[] args) {
        return args.length == 0 || "serve".equals(args[0]) || args[0].startsWith("--") && !isHelpOrVersion(args[0]);
    }

    private static boolean isHelpOrVersion(String arg) {
        return "--help".equals(arg) || "--version".equals(arg);
    }

    private static String[] serveArgs(String[] args) {
        if (args.length > 0 && "serve".equals(args[0])) {
            String[] rest = new String[args.length - 1];
            System.arraycopy(args, 1, rest, 0, rest.length);
            return rest;
        }
        return args;
    }
}
