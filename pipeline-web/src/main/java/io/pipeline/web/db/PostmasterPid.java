package io.pipeline.web.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL's {@code postmaster.pid}: line 1 the postmaster's pid, line 4 its port. Used to attach to a running
 * embedded server and to clean up after an unclean stop: when the JVM that owned the server was killed, the
 * postmaster may still run (orphaned) or the file may name a pid that now belongs to another process (typical after
 * a container restart), which would make PostgreSQL refuse to start.
 */
record PostmasterPid(long pid, int port) {

    private static final Logger log = LoggerFactory.getLogger(PostmasterPid.class);
    private static final String FILE = "postmaster.pid";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    static PostmasterPid read(Path pgDir) throws IOException {
        Path file = pgDir.resolve(FILE);
        List<String> lines = Files.readAllLines(file);
        if (lines.size() < 4) {
            throw new IOException(file + " is incomplete (the server may still be starting)");
        }
        return new PostmasterPid(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()));
    }

    /** Called when no process of ours holds the data dir: stop an orphaned postmaster or remove a stale pid file. */
    static void clearLeftovers(Path pgDir) throws IOException {
        Path file = pgDir.resolve(FILE);
        if (!Files.exists(file)) {
            return;
        }
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(read(pgDir).pid());
        } catch (IOException | NumberFormatException unreadable) {
            process = Optional.empty();
        }
        if (process.isPresent() && process.get().isAlive() && isPostgres(process.get())) {
            stopOrphan(process.get());
        }
        if (Files.deleteIfExists(file)) {
            log.warn("removed stale {} left by an unclean stop", file);
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("\\postgres.exe")).orElse(false);
    }

    private static void stopOrphan(ProcessHandle postmaster) throws IOException {
        log.warn("stopping an orphaned embedded PostgreSQL (pid {}) left running by an unclean stop", postmaster.pid());
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly();
            throw new IOException("the orphaned PostgreSQL (pid " + postmaster.pid() + ") did not stop within "
                    + STOP_WAIT.toSeconds() + " s; it was killed, start again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IOException("could not wait for the orphaned PostgreSQL to stop", e);
        }
    }
}
