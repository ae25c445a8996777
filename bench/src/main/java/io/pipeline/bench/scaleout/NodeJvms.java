package io.pipeline.bench.scaleout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The node JVMs ({@link ScaleOutNode}) of one configuration; closing their standard input stops them cleanly. */
record NodeJvms(List<Process> processes) implements AutoCloseable {

    /** Starts the nodes, each logging to {@code <logDir>/bench-node-<i>.log}, and waits until all are ready. */
    static NodeJvms start(String url, int count, int workers, Path logDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> started = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        NodeJvms nodes = new NodeJvms(started);
        try {
            for (int i = 1; i <= count; i++) {
                Path log = logDir.resolve("bench-node-" + i + ".log");
                logs.add(log);
                started.add(new ProcessBuilder(java, "-Xmx512m", "-XX:+UseParallelGC", "-cp",
                        System.getProperty("java.class.path"), ScaleOutNode.class.getName(), url,
                        "bench-node-" + i, Integer.toString(workers))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            for (int i = 0; i < count; i++) {
                while (!Files.readAllLines(logs.get(i)).contains("ready")) {
                    if (!started.get(i).isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("benchmark node " + (i + 1) + " did not start; see "
                                + logs.get(i));
                    }
                    Thread.sleep(100);
                }
            }
            return nodes;
        } catch (Exception | Error e) {
            nodes.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.getOutputStream().close();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
