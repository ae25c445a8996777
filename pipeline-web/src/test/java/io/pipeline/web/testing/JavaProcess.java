package io.pipeline.web.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Runs the application in a child JVM. {@link #lightLauncherJar} writes a small jar whose manifest names the main
 * class and a class path, so that {@code java -jar} is exercised without the repackaged jar (built after tests).
 */
public final class JavaProcess {

    private JavaProcess() {
    }

    public record Result(int exitCode, String stdout, String stderr, Duration wall) {
        public String output() {
            return stdout + stderr;
        }
    }

    /**
     * A jar whose Main-Class is the application's ({@code io.pipeline.cli.Launcher}) and whose class path holds only
     * what the light CLI may use: the application's own classes, picocli and pipeline-core. A light command that
     * needed anything else (Spring, Jackson...) would fail here.
     */
    public static Path lightLauncherJar(Path dir) {
        List<String> light = classPath().stream().filter(JavaProcess::isLightEntry).toList();
        if (light.size() != 3) {
            throw new IllegalStateException("expected the web classes, picocli and pipeline-core on the class path,"
                    + " found " + light);
        }
        return launcherJar(dir, "io.pipeline.cli.Launcher", light);
    }

    private static boolean isLightEntry(String entry) {
        String e = entry.replace('\\', '/');
        boolean webClasses = e.contains("pipeline-web/") && e.endsWith("/classes");
        boolean core = e.contains("pipeline-core") && !e.contains("test") && !e.contains("tests");
        return webClasses || core || e.contains("/picocli-");
    }

    private static Path launcherJar(Path dir, String mainClass, List<String> classPath) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, mainClass);
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath.stream()
                .map(p -> Path.of(p).toUri().toString()).toList()));
        Path jar = dir.resolve("pipeline-launcher.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result javaJar(Path jar, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(Arrays.asList(args));
        return run(command, env, timeout);
    }

    public static Result mainClass(Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "io.pipeline.web.PipelineApplication"));
        command.addAll(Arrays.asList(args));
        return run(command, env, timeout);
    }

    private static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path stdout = Files.createTempFile("stdout", ".txt");
            Path stderr = Files.createTempFile("stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("PIPELINE_"));
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("process did not finish within " + timeout + ": " + command);
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), wall);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> classPath() {
        return Arrays.asList(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
