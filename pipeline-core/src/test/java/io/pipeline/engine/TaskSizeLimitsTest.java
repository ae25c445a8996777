package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The size limits of task logs and XCom values, through the engine into PostgreSQL and back. */
class TaskSizeLimitsTest {

    private static final Pattern CUT = Pattern.compile(
            "\\[\\.\\.\\. (\\d+) bytes cut: log limit 4 KiB \\(pipeline\\.tasks\\.max-log-bytes\\) \\.\\.\\.]\n");

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(TaskSizeLimitsTest.class);
    }

    private static EngineTestDriver driver(TaskLimits limits, Dag... dags) {
        return EngineTestDriver.create(ds, SettableClock.at("2026-03-09T13:30:00Z"), limits, dags);
    }

    private static String line(int i) {
        return String.format(Locale.ROOT, "line %04d %s", i, "x".repeat(80));
    }

    @Test
    void a_log_over_the_limit_keeps_its_head_and_tail_and_says_how_many_bytes_were_cut() {
        Dag dag = DagBuilder.dag("chatty").tasks(g -> g.task("talk", ctx -> {
            for (int i = 0; i < 200; i++) {
                ctx.log().info(line(i));
            }
            return "done";
        })).build();
        EngineTestDriver d = driver(new TaskLimits(4096, 1 << 20), dag);
        DagRunRow run = d.trigger("chatty");
        d.settle();

        assertThat(d.state(run, "talk")).isEqualTo(TaskState.SUCCESS);
        assertCutLog(d.log(run, "talk", -1, 1));
    }

    @Test
    void lines_flushed_by_a_heartbeat_while_the_try_runs_count_towards_the_head() {
        AtomicReference<Heartbeater> heartbeat = new AtomicReference<>();
        Dag dag = DagBuilder.dag("chatty_long").tasks(g -> g.task("talk", ctx -> {
            for (int i = 0; i < 200; i++) {
                ctx.log().info(line(i));
                if (i % 30 == 29) {
                    heartbeat.get().beat();
                }
            }
            return "done";
        })).build();
        EngineTestDriver d = driver(new TaskLimits(4096, 1 << 20), dag);
        heartbeat.set(d.parts().newHeartbeater());
        DagRunRow run = d.trigger("chatty_long");
        d.settle();

        assertThat(d.state(run, "talk")).isEqualTo(TaskState.SUCCESS);
        assertCutLog(d.log(run, "talk", -1, 1));
    }

    /** Lines 0.. in the head, the cut line, the last lines up to 199; every byte either kept or counted as cut. */
    private static void assertCutLog(String log) {
        Matcher m = CUT.matcher(log);
        assertThat(m.find()).as("the cut line in:\n%s", log).isTrue();
        String head = log.substring(0, m.start());
        String tail = log.substring(m.end());
        assertThat(head).contains(line(0) + "\n");
        assertThat(tail).endsWith(line(199) + "\n");
        assertThat(bytes(head)).isLessThanOrEqualTo(2048);
        assertThat(bytes(tail)).isLessThanOrEqualTo(2048);
        assertThat(bytes(log) - bytes(m.group())).isLessThanOrEqualTo(4096);

        List<Integer> kept = new ArrayList<>();
        long keptBytes = 0;
        for (String l : (head + tail).split("\n")) {
            kept.add(Integer.parseInt(l.substring(l.indexOf("line ") + 5, l.indexOf("line ") + 9)));
            keptBytes += bytes(l) + 1;
        }
        // in order, the head from line 0 and the tail up to line 199, with one gap between them
        int gap = 0;
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i)).isGreaterThan(kept.get(i - 1));
            if (kept.get(i) != kept.get(i - 1) + 1) {
                gap++;
            }
        }
        assertThat(gap).isEqualTo(1);
        long lineBytes = bytes(head.substring(0, head.indexOf('\n') + 1));
        assertThat(Long.parseLong(m.group(1))).isEqualTo(200 * lineBytes - keptBytes);
    }

    @Test
    void a_log_within_the_limit_is_stored_whole_without_a_cut_line() {
        Dag dag = DagBuilder.dag("quiet").tasks(g -> g.task("talk", ctx -> {
            for (int i = 0; i < 20; i++) {
                ctx.log().info(line(i));
            }
            return null;
        })).build();
        EngineTestDriver d = driver(new TaskLimits(4096, 1 << 20), dag);
        DagRunRow run = d.trigger("quiet");
        d.settle();

        String log = d.log(run, "talk", -1, 1);
        assertThat(log).doesNotContain("bytes cut");
        for (int i = 0; i < 20; i++) {
            assertThat(log).contains(line(i));
        }
    }

    @Test
    void an_xcom_over_the_limit_fails_the_try_without_retry_naming_key_size_and_limit() {
        Dag dag = DagBuilder.dag("big_output").tasks(g -> {
            TaskRef produce = g.task("produce", ctx -> "é".repeat(600)).retries(2);
            TaskRef use = g.task("use", ctx -> ctx.input("produce", String.class).length());
            produce.then(use);
        }).build();
        EngineTestDriver d = driver(new TaskLimits(4096, 1024), dag);
        DagRunRow run = d.trigger("big_output");
        d.settle();

        // 602 characters of JSON, but 1,202 bytes of UTF-8
        assertThat(d.state(run, "produce")).isEqualTo(TaskState.FAILED);
        assertThat(d.state(run, "use")).isEqualTo(TaskState.UPSTREAM_FAILED);
        List<TaskTryRow> tries = d.tis().detail("big_output", run.runId(), "produce", -1).orElseThrow().tries();
        assertThat(tries).hasSize(1);
        assertThat(tries.getFirst().error()).isEqualTo("XCom 'return_value' of task big_output/" + run.runId()
                + "/produce is 1,202 bytes, over the limit of 1 KiB (pipeline.tasks.max-xcom-bytes);"
                + " the output was not stored");
        assertThat(d.log(run, "produce", -1, 1)).contains("is 1,202 bytes, over the limit of 1 KiB");
        assertThat(d.tis().xcom("big_output", run.runId(), "produce", -1, null)).isEmpty();
    }

    @Test
    void an_xcom_at_the_limit_is_stored() {
        // 1,022 letters and two quotes: exactly 1,024 bytes of JSON
        Dag dag = DagBuilder.dag("edge_output").tasks(g -> g.task("produce", ctx -> "a".repeat(1022))).build();
        EngineTestDriver d = driver(new TaskLimits(4096, 1024), dag);
        DagRunRow run = d.trigger("edge_output");
        d.settle();

        assertThat(d.state(run, "produce")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.tis().xcom("edge_output", run.runId(), "produce", -1, null)).isPresent();
    }

    @Test
    void limits_out_of_range_are_refused_naming_the_setting() {
        assertThatThrownBy(() -> new TaskLimits(100, 1024))
                .hasMessageContaining("pipeline.tasks.max-log-bytes must be at least 1024 bytes, got 100");
        assertThatThrownBy(() -> new TaskLimits(4096, 0))
                .hasMessageContaining("pipeline.tasks.max-xcom-bytes must be at least 1 byte, got 0");
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
