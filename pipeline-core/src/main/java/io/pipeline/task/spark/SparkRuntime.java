package io.pipeline.task.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the orchestrator starts {@code spark-submit} as a child process: the {@code bin/spark-submit} of a Spark
 * installation, or a JVM of its own with a Spark class path (a directory of Spark's jars, or a build's class path)
 * running {@code org.apache.spark.deploy.SparkSubmit}. Either way Spark never loads into the orchestrator's JVM.
 */
public sealed interface SparkRuntime {

    String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";

    /**
     * The JVM flags Spark needs on JDK 17+ (its {@code org.apache.spark.launcher.JavaModuleOptions} of 4.2.0, which
     * {@code bin/spark-submit} adds by itself); without them Spark fails on JDK 25 reflecting into {@code java.base}.
     */
    List<String> SPARK_JVM_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    /** The command up to and including the submit entry point; the driver memory where it is a JVM option. */
    List<String> command(String driverMemory);

    /** {@code <sparkHome>/bin/spark-submit}; Spark's own launcher adds the JVM flags. */
    static SparkRuntime home(Path sparkHome) {
        return new Home(sparkHome);
    }

    /** A JVM from {@code javaHome} running SparkSubmit on the given class path (entries joined with the path separator). */
    static SparkRuntime jvm(Path javaHome, String classpath, List<String> jvmOptions) {
        return new Jvm(javaHome, classpath, jvmOptions);
    }

    /** From {@code SPARK_HOME}; fails naming the variable when it is unset or not a Spark installation. */
    static SparkRuntime fromEnvironment() {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("SPARK_HOME is not set: the node cannot find spark-submit");
        }
        return home(Path.of(home));
    }

    record Home(Path sparkHome) implements SparkRuntime {
        public Home {
            Objects.requireNonNull(sparkHome, "sparkHome");
        }

        @Override
        public List<String> command(String driverMemory) {
            Path submit = sparkHome.resolve("bin").resolve("spark-submit");
            if (!Files.isExecutable(submit)) {
                throw new IllegalStateException("Spark installation " + sparkHome.toAbsolutePath()
                        + " has no executable bin/spark-submit");
            }
            List<String> cmd = new ArrayList<>(List.of(submit.toString()));
            if (driverMemory != null) {
                cmd.addAll(List.of("--driver-memory", driverMemory));
            }
            return cmd;
        }
    }

    record Jvm(Path javaHome, String classpath, List<String> jvmOptions) implements SparkRuntime {
        public Jvm {
            Objects.requireNonNull(javaHome, "javaHome");
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalArgumentException("Spark class path is empty");
            }
            jvmOptions = List.copyOf(jvmOptions == null ? List.of() : jvmOptions);
        }

        @Override
        public List<String> command(String driverMemory) {
            Path java = javaHome.resolve("bin").resolve("java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException("no executable java under " + javaHome.toAbsolutePath());
            }
            List<String> cmd = new ArrayList<>(List.of(java.toString()));
            int feature = featureVersion(javaHome);
            // a JVM before 23 refuses to start on an option it does not know (-XX:+IgnoreUnrecognizedVMOptions covers -XX only)
            SPARK_JVM_FLAGS.stream().filter(f -> feature >= 23 || !f.startsWith("--sun-misc-unsafe-memory-access"))
                    .forEach(cmd::add);
            if (driverMemory != null) {
                cmd.add("-Xmx" + driverMemory);
            }
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-cp", classpath, SUBMIT_CLASS));
            return cmd;
        }

        /** The feature version of the JDK at {@code home} from its {@code release} file; this JVM's when unreadable. */
        static int featureVersion(Path home) {
            try {
                for (String line : Files.readAllLines(home.resolve("release"))) {
                    if (line.startsWith("JAVA_VERSION=")) {
                        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                        return Integer.parseInt(v.split("[.+-]")[0]);
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // fall through
            }
            return Runtime.version().feature();
        }
    }
}
