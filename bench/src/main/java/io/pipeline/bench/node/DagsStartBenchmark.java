package io.pipeline.bench.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start with many DAGs (issue 17: 2,000 DAG definitions load at start in <= 10 s and take <= 300 MB of heap). Starts
 * the shipped jar as users do ({@code java -jar pipeline.jar}, default settings, embedded PostgreSQL under
 * {@code bench.dir}) three times and prints:
 * <ul>
 *   <li>{@code dags_N_start_s}: a first start with N herd DAGs ({@code -Dpipeline.examples.herd-dags=N}) on a fresh
 *   data directory (initdb and migrations included), process start to Spring Boot's started line ("process running
 *   for"), which comes after the DAGs are loaded and synced and the engine (scheduler loop, Quartz) has started;</li>
 *   <li>{@code dags_N_load_s} (and {@code dags_N_reload_s} for the restart): the DAGs' own part of that start, as the
 *   node logs it: the scan (finding the classes and building every definition, "loaded N DAGs ... in X ms") plus the
 *   sync of the {@code dag} table ("synced N DAGs to the database in Y ms"), apart from the JVM's, Spring's and
 *   PostgreSQL's start. The scan runs on a thread of its own beside the context's start, so the two durations add up
 *   to the DAGs' work, not to a stretch of the start's wall time, and on a loaded machine the scan's wall time is
 *   mostly waiting for a CPU: {@code dags_N_scan_cpu_s} ({@code dags_N_rescan_cpu_s}) is its CPU time;</li>
 *   <li>{@code dags_N_start_cpu_s}: the node JVM's CPU time (user + system, from /proc) when the started line was
 *   seen: on a shared machine it varies far less than the wall time (the embedded PostgreSQL's processes are not
 *   counted);</li>
 *   <li>{@code dags_N_restart_s}: the same jar restarted on that data directory (the DAG rows exist: a deploy);</li>
 *   <li>{@code dags_N_heap_mb}: live heap after a full GC, a few seconds after the started line
 *   ({@code jcmd <pid> GC.class_histogram}, whose total counts the objects a full GC left);</li>
 *   <li>{@code dags_0_start_s} / {@code dags_0_heap_mb}: the same for a default start (the example DAGs only), the
 *   base that the N DAGs add to.</li>
 * </ul>
 * The herd's start date is 60 days ahead, so no run is due while it measures: the figures are the definitions' cost.
 * Properties: {@code bench.dir}, {@code bench.node.jar}, {@code bench.start.dags} (default 2000).
 */
public final class DagsStartBenchmark {

    private static final Pattern RUNNING_FOR = Pattern.compile(
            "Started PipelineApplication in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");
    private static final Pattern SCANNED = Pattern.compile(
            "loaded (\\d+) DAGs from \\S+ \\(\\d+ import errors\\) in (\\d+) ms \\((\\d+) ms of CPU\\)");
    private static final Pattern SYNCED = Pattern.compile("synced (\\d+) DAGs to the database in (\\d+) ms");
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private DagsStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/start"));
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target-node/pipeline.jar"));
        int dags = Integer.getInteger("bench.start.dags", 2000);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        String later = LocalDate.now().plusDays(60).toString();
        List<String> herd = List.of("-Dpipeline.examples.herd-dags=" + dags,
                "-Dpipeline.examples.herd-start-date=" + later);

        Path many = dir.resolve("dags-" + dags);
        NodeBenchmark.deleteRecursively(many);
        Files.createDirectories(many);
        try (NodeProcess node = NodeProcess.start(jar, many, NodeBenchmark.freePort(), NodeBenchmark.PASSWORD, herd,
                List.of())) {
            NodeBenchmark.print("dags_" + dags + "_start_s", startedAfter(node));
            NodeBenchmark.print("dags_" + dags + "_start_cpu_s", node.cpuMillis() / 1000.0);
            printLoad(node.log(), dags, "dags_" + dags + "_load_s", "dags_" + dags + "_scan_cpu_s");
            NodeBenchmark.print("dags_" + dags + "_heap_mb", liveHeapMb(node));
        }
        Files.move(many.resolve("node.log"), many.resolve("node-first.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (NodeProcess node = NodeProcess.start(jar, many, NodeBenchmark.freePort(), NodeBenchmark.PASSWORD, herd,
                List.of())) {
            NodeBenchmark.print("dags_" + dags + "_restart_s", startedAfter(node));
            printLoad(node.log(), dags, "dags_" + dags + "_reload_s", "dags_" + dags + "_rescan_cpu_s");
        }

        Path none = dir.resolve("dags-0");
        NodeBenchmark.deleteRecursively(none);
        Files.createDirectories(none);
        try (NodeProcess node = NodeProcess.start(jar, none, NodeBenchmark.freePort(), NodeBenchmark.PASSWORD,
                List.of(), List.of())) {
            NodeBenchmark.print("dags_0_start_s", startedAfter(node));
            NodeBenchmark.print("dags_0_start_cpu_s", node.cpuMillis() / 1000.0);
            NodeBenchmark.print("dags_0_heap_mb", liveHeapMb(node));
        }
    }

    /**
     * The DAGs' part of a start as the node logs it: the scan's "loaded N DAGs from ... in X ms (C ms of CPU)" plus the
     * registry's "synced N DAGs to the database in Y ms", printed in seconds as {@code loadKey} (X + Y) and
     * {@code cpuKey} (C, the scan thread's CPU time). Fails when the node logged fewer DAGs than asked for.
     */
    static void printLoad(Path log, int atLeast, String loadKey, String cpuKey) throws Exception {
        String text = Files.readString(log);
        Matcher scan = SCANNED.matcher(text);
        Matcher sync = SYNCED.matcher(text);
        if (!scan.find() || !sync.find()) {
            throw new IllegalStateException("no 'loaded N DAGs ... in X ms' and 'synced N DAGs ... in Y ms' lines in "
                    + log);
        }
        int loaded = Integer.parseInt(scan.group(1));
        if (loaded < atLeast) {
            throw new IllegalStateException(log + " loaded " + loaded + " DAGs, fewer than " + atLeast);
        }
        long scanMs = Long.parseLong(scan.group(2));
        long cpuMs = Long.parseLong(scan.group(3));
        long syncMs = Long.parseLong(sync.group(2));
        System.err.println("start: " + loaded + " DAGs scanned and built in " + scanMs + " ms (" + cpuMs
                + " ms of CPU), synced in " + syncMs + " ms");
        NodeBenchmark.print(loadKey, (scanMs + syncMs) / 1000.0);
        NodeBenchmark.print(cpuKey, cpuMs / 1000.0);
    }

    /** Seconds from process start to the started line, as Spring Boot reports it ("process running for"). */
    private static double startedAfter(NodeProcess node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            if (Files.exists(node.log())) {
                Matcher m = RUNNING_FOR.matcher(Files.readString(node.log()));
                if (m.find()) {
                    System.err.println("start: " + m.group());
                    return Double.parseDouble(m.group(1));
                }
            }
            if (!node.isAlive()) {
                throw new IllegalStateException("the node exited during start; see " + node.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no started line in " + node.log() + " after 10 minutes");
            }
            NodeBenchmark.sleep(200);
        }
    }

    /**
     * Live heap in MB after a full GC, 5 s after the start (the scheduler loop's first passes done):
     * {@code jcmd GC.class_histogram} runs a full GC and counts what is left.
     */
    private static double liveHeapMb(NodeProcess node) throws Exception {
        NodeBenchmark.sleep(5000);
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(node.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram failed: " + out.lines().limit(5).toList());
        }
        Matcher m = TOTAL.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in jcmd's histogram: "
                    + out.lines().skip(Math.max(0, out.lines().count() - 3)).toList());
        }
        double mb = Long.parseLong(m.group(2)) / (1024.0 * 1024.0);
        System.err.println(String.format(Locale.ROOT, "start: live heap %.1f MB (%s objects)", mb, m.group(1)));
        return mb;
    }
}
