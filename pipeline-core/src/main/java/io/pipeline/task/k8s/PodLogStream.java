package io.pipeline.task.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import org.slf4j.Logger;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Follows a pod's container log on a thread of its own and writes each line to the try's log as it arrives, so
 * that the dashboard shows a running container's output. The stream ends when the container does; {@link #close}
 * waits a little for the last lines, then stops following.
 */
final class PodLogStream implements AutoCloseable {

    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final String pod;
    private final Logger log;
    private final LogWatch watch;
    private final Thread reader;

    private PodLogStream(String pod, Logger log, LogWatch watch) {
        this.pod = pod;
        this.log = log;
        this.watch = watch;
        this.reader = Thread.ofPlatform().daemon().name("k8s-log-" + pod).start(this::copy);
    }

    static PodLogStream follow(KubernetesClient client, String namespace, String pod, Logger log) {
        LogWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(JobManifest.CONTAINER)
                .watchLog();
        log.info("following the log of pod {}", pod);
        return new PodLogStream(pod, log, watch);
    }

    private void copy() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                log.info("[{}] {}", pod, line);
            }
        } catch (Exception e) {
            if (!Thread.currentThread().isInterrupted()) {
                log.warn("log of pod {} ended early: {}", pod, e.toString());
            }
        }
    }

    /** Waits until the log has been read to its end (or {@code DRAIN} passes), then stops following. */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            reader.join(interrupted ? Duration.ofMillis(1) : DRAIN);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            watch.close();
            reader.interrupt();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
