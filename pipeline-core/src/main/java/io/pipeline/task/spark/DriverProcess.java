package io.pipeline.task.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * spark-submit as a child process: its stdout and stderr stream line by line into {@link DriverOutput}; when the
 * waiting thread is interrupted (execution timeout, clear, node stop), the whole process tree is stopped, politely
 * first (SIGTERM lets the driver stop its SparkContext) and by force after a grace period.
 */
final class DriverProcess {

    /** How long the last lines may take to arrive once the process is gone (a busy machine can be slow). */
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(30);

    private final Process process;
    private final List<Thread> pumps = new ArrayList<>();

    private DriverProcess(Process process, DriverOutput output) {
        this.process = process;
        pumps.add(pump(process.getInputStream(), output, "stdout"));
        pumps.add(pump(process.getErrorStream(), output, "stderr"));
    }

    static DriverProcess start(List<String> command, Map<String, String> env, DriverOutput output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new DriverProcess(pb.start(), output);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the exit code; when interrupted, stops the process tree before rethrowing. */
    int waitFor(Duration killGrace) throws InterruptedException {
        try {
            int code = process.waitFor();
            drain();
            return code;
        } catch (InterruptedException e) {
            stop(killGrace);
            throw e;
        }
    }

    /** Stops the child and every process it started; returns when they are gone (or after a forced kill). */
    void stop(Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stuck) {
                // a process that survives SIGKILL for 5 s is beyond our reach; its pid was logged at start
            }
        }
        drain();
    }

    /** Lets the pumps hand over the last lines, so that the try's log is complete when the task ends. */
    private void drain() {
        for (Thread t : pumps) {
            try {
                t.join(PUMP_DRAIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread pump(InputStream in, DriverOutput output, String name) {
        // platform threads: a blocking read of a pipe would pin a virtual thread's carrier anyway
        return Thread.ofPlatform().daemon().name("spark-submit-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.line(line);
                }
            } catch (IOException closed) {
                // the process is gone; what it wrote has been read
            }
        });
    }
}
