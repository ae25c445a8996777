package io.pipeline.bench.scaleout;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Samples what the database's active sessions are doing (pg_stat_activity: running on CPU, or waiting on a lock, a
 * WAL flush, the client...) every few milliseconds while a measurement runs, to say what limits it.
 */
final class WaitSampler implements AutoCloseable {

    private final JdbcClient jdbc;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;

    WaitSampler(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.thread = new Thread(this::sample, "wait-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            jdbc.sql("""
                    SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity
                    WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()""")
                    .query(String.class).list().forEach(w -> {
                        synchronized (counts) {
                            counts.merge(w, 1, Integer::sum);
                        }
                    });
            synchronized (counts) {
                samples++;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The states seen, most frequent first, as "state average-sessions" pairs, e.g. "CPU 1.4, Lock:tuple 0.6". */
    String summary() {
        synchronized (counts) {
            int n = Math.max(1, samples);
            return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(5).map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / (double) n))
                    .collect(Collectors.joining(", "));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
