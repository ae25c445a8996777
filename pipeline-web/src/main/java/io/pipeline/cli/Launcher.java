package io.pipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's Main-Class. Commands that need neither Spring nor a database ({@code calendar ...}) run right here,
 * with classes the build copies to the jar's root (this package, picocli, the calendar library), so they skip
 * Spring Boot's nested-jar class loader and start in a fraction of a second. Everything else (the service, the
 * other commands) goes through Spring Boot's {@code JarLauncher} to {@code io.pipeline.web.PipelineApplication}.
 * Classes of this package must depend only on the JDK, picocli and {@code io.pipeline.calendar}.
 */
public final class Launcher {

    private static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    private static final String APPLICATION = "io.pipeline.web.PipelineApplication";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length > 0 && "calendar".equals(args[0]) && !needsApplication(args)) {
            System.exit(CliRunner.run(new CommandLine(new LightCommands()), args));
        }
        invokeMain(isPackagedJar() ? SPRING_BOOT_LAUNCHER : APPLICATION, args);
    }

    /**
     * {@code calendar override ...} needs the application's database beans; {@code calendar sessions} the JDBC
     * driver when a database is configured (for the overrides), unless {@code --no-overrides}.
     */
    static boolean needsApplication(String[] args) {
        if (args.length > 1 && "override".equals(args[1])) {
            return true;
        }
        boolean sessions = args.length > 1 && "sessions".equals(args[1]);
        boolean help = java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h");
        return sessions && !help && !java.util.Arrays.asList(args).contains("--no-overrides")
                && StoredOverrides.configuredUrl() != null;
    }

    /** In the repackaged jar Spring Boot's launcher is at the root; on a plain class path it is absent. */
    private static boolean isPackagedJar() {
        try {
            Class.forName(SPRING_BOOT_LAUNCHER, false, Launcher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void invokeMain(String className, String[] args) throws Throwable {
        try {
            Class.forName(className).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The commands the launcher runs itself. */
    @Command(name = "pipeline", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
            versionProvider = VersionProvider.class, subcommands = CalendarCommand.class)
    static final class LightCommands {
    }
}
