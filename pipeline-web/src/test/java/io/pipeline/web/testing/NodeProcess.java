package io.pipeline.web.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node of the service in its own JVM (the application's main class on the test JVM's class path), with its own
 * port, node id, data dir and log file. {@link #kill()} is {@code kill -9} ({@code destroyForcibly} sends SIGKILL on
 * Linux): no shutdown hook runs, nothing is handed back. {@link #close()} kills too, so a failed test leaves no JVM
 * behind.
 */
public final class NodeProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "node-test-admin-pw";

    private final String nodeId;
    private final int port;
    private final Path log;
    private final Process process;

    private NodeProcess(String nodeId, int port, Path log, Process process) {
        this.nodeId = nodeId;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts a node; returns at once (see {@link #awaitReady}).
     *
     * @param dataDir its data dir (the embedded PostgreSQL lives there when {@code env} sets no datasource URL)
     * @param env     further environment ({@code SPRING_DATASOURCE_URL}, {@code PIPELINE_NODE_LOST_THRESHOLD}...)
     */
    public static NodeProcess start(String nodeId, Path dataDir, Map<String, String> env) {
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve(nodeId + "-" + System.nanoTime() + ".log");
            int port = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "io.pipeline.web.PipelineApplication", "serve"))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("SPRING_") || k.startsWith("PIPELINE_"));
            Map<String, String> all = new HashMap<>(Map.of(
                    "SERVER_PORT", Integer.toString(port),
                    "PIPELINE_NODE_ID", nodeId,
                    "PIPELINE_DATA_DIR", dataDir.toString(),
                    "PIPELINE_ADMIN_PASSWORD", ADMIN_PASSWORD));
            all.putAll(env);
            environment.putAll(all);
            return new NodeProcess(nodeId, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start node " + nodeId, e);
        }
    }

    /**
     * Waits until the node answers the admin's {@code GET /api/v1/dags} (the web server listens a moment before the
     * admin user is bootstrapped); fails with its log if it dies or takes too long.
     */
    public NodeProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ApiClient client = api();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + nodeId + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (client.get("/api/v1/dags?limit=1").status() == 200) {
                    return this;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            sleep(Duration.ofMillis(250));
        }
        throw new AssertionError("node " + nodeId + " not ready within " + timeout + ":\n" + logTail());
    }

    /** The API of this node as the bootstrap admin. */
    public ApiClient api() {
        return ApiClient.anonymous(port).as("admin", ADMIN_PASSWORD);
    }

    /** SIGKILL, then waits for the JVM to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + nodeId + " still alive 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing " + nodeId, e);
        }
    }

    /** SIGTERM (a clean shutdown), then SIGKILL if the node is still up after {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String nodeId() {
        return nodeId;
    }

    /** The last lines the node wrote (for failure messages). */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Closes every node, even when one of them fails to close. */
    public static void closeAll(List<NodeProcess> nodes) {
        List<RuntimeException> problems = new ArrayList<>();
        for (NodeProcess node : nodes) {
            try {
                node.close();
            } catch (RuntimeException | AssertionError e) {
                problems.add(new IllegalStateException("closing " + node.nodeId, e));
            }
        }
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
