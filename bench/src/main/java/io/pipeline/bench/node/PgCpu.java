package io.pipeline.bench.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a PostgreSQL server from /proc: the postmaster's own and its finished children's (cutime, cstime),
 * plus the user and system time of its live children (backends, walwriter, checkpointer...).
 */
public record PgCpu(long postmasterPid) {

    private static final long TICK_MS = 10; // USER_HZ is 100 on Linux

    public static PgCpu of(Path pgData) throws IOException {
        String first = Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().strip();
        return new PgCpu(Long.parseLong(first));
    }

    public long cpuMillis() {
        long total = processCpuMillis(postmasterPid, true);
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] fields = statFields(Long.parseLong(name));
                if (fields != null && Long.parseLong(fields[1]) == postmasterPid) {
                    total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_MS;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** utime + stime of a process, and with {@code children} the reaped children's cutime + cstime too. */
    static long processCpuMillis(long pid, boolean children) {
        String[] f = statFields(pid);
        if (f == null) {
            return 0;
        }
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (children) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks * TICK_MS;
    }

    /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }
}
