package io.pipeline.spark;

import io.pipeline.task.spark.SparkRuntime;
import io.pipeline.task.spark.SparkSubmit;
import io.pipeline.task.spark.SparkSubmitSpec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A real Spark for tests: a child JVM (this JDK, 1 GiB heap) with Spark's class path as Maven resolved it, running
 * the application jar this module builds, in {@code local[2]}.
 */
final class LocalSpark {

    static final String MAIN_CLASS = "io.pipeline.spark.DailyBarsJob";

    private LocalSpark() {
    }

    static SparkRuntime runtime() throws IOException {
        return SparkRuntime.jvm(Path.of(System.getProperty("java.home")), classpath(),
                List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** Spark's class path as Maven resolved it (Spark and the PostgreSQL driver). */
    static String classpath() throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String file : property("spark.classpath.files").split(",")) {
            entries.addAll(List.of(Files.readString(Path.of(file)).strip().split(File.pathSeparator)));
        }
        return String.join(File.pathSeparator, entries);
    }

    static String appJar() {
        Path jar = Path.of(property("spark.app.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("application jar " + jar + " is missing: build the module with Maven");
        }
        return jar.toString();
    }

    /** The daily-bars load of {@code input} into the database at {@code jdbcUrl}, on local[2]. */
    static SparkSubmitSpec.Builder dailyBarsLoad(String master, Path input, String jdbcUrl) throws IOException {
        return SparkSubmit.builder(runtime(), master, appJar())
                .mainClass(MAIN_CLASS)
                .name("daily_bars_load_{session}")
                .driverMemory("1g")
                .conf("spark.ui.enabled", "false")
                .conf("spark.sql.shuffle.partitions", "2")
                .conf("spark.driver.host", "127.0.0.1")
                .conf("spark.driver.bindAddress", "127.0.0.1")
                .executorEnv("TZ", "UTC")
                .env(DailyBarsJob.USER_ENV, "postgres")
                .env(DailyBarsJob.PASSWORD_ENV, "postgres")
                .args("--input", input.toString(), "--jdbc-url", jdbcUrl);
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the tests with Maven");
        }
        return v;
    }
}
