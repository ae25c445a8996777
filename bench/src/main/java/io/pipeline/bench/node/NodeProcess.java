package io.pipeline.bench.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The shipped jar started as a user starts it: {@code java -jar pipeline.jar}, default settings, own data dir. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static NodeProcess start(Path jar, Path dir, int port, String adminPassword, List<String> extraArgs)
            throws IOException {
        return start(jar, dir, port, adminPassword, List.of(), extraArgs);
    }

    /** With JVM options before {@code -jar} too (e.g. {@code -Dpipeline.examples.herd-dags=1000}). */
    static NodeProcess start(Path jar, Path dir, int port, String adminPassword, List<String> jvmArgs,
                             List<String> extraArgs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("node.log");
        List<String> command = new ArrayList<>(List.of(java));
        String jvmOptions = System.getProperty("bench.node.jvm-options", "").strip();
        if (!jvmOptions.isEmpty()) {
            command.addAll(List.of(jvmOptions.split("\\s+"))); // e.g. -XX:StartFlightRecording=filename=node.jfr
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port, "--pipeline.data-dir=" + dir.resolve("data").toAbsolutePath()));
        command.addAll(extraArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PIPELINE_ADMIN_PASSWORD", adminPassword);
        return new NodeProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time of the node's JVM (user + system), from /proc. */
    long cpuMillis() {
        return PgCpu.processCpuMillis(process.pid(), false);
    }

    int workerConcurrency(Api api) {
        return api.nodes().path("nodes").get(0).path("worker_concurrency").asInt();
    }

    /** SIGTERM, as a service manager stops it; the node drains and stops its embedded PostgreSQL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
