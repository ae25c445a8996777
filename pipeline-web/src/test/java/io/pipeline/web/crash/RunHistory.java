package io.pipeline.web.crash;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What the database says about one stress_fanout run: states, tries and the tries a killed node left behind. */
final class RunHistory {

    static final String DAG = "stress_fanout";
    static final String NODE_LOST = "node lost";

    private final JdbcClient sql;
    private final String runId;

    RunHistory(JdbcClient sql, String runId) {
        this.sql = sql;
        this.runId = runId;
    }

    String runState() {
        return sql.sql("SELECT state FROM dag_run WHERE dag_id = ? AND run_id = ?").params(DAG, runId)
                .query(String.class).optional().orElse("absent");
    }

    /** From the run's start to its end. */
    Duration duration() {
        return Duration.ofMillis(sql.sql("""
                SELECT (extract(epoch FROM end_date - start_date) * 1000)::bigint FROM dag_run
                WHERE dag_id = ? AND run_id = ?""").params(DAG, runId).query(Long.class).single());
    }

    /** The start of the run's first try that started after {@code instant}. */
    Instant firstTryStartedAfter(Instant instant) {
        return sql.sql("""
                SELECT min(t.start_date) FROM task_try t JOIN task_instance ti ON ti.id = t.ti_id
                JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ? AND t.start_date > ?""")
                .params(DAG, runId, Timestamp.from(instant)).query(Timestamp.class).optional()
                .map(Timestamp::toInstant)
                .orElseThrow(() -> new AssertionError("no try of run " + runId + " started after " + instant));
    }

    /** The errors of the run's tries that did not succeed, e.g. "database unreachable: ...". */
    List<String> triesThatFailed() {
        return sql.sql("""
                SELECT coalesce(t.error, t.state) FROM task_try t JOIN task_instance ti ON ti.id = t.ti_id
                JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ? AND t.state <> 'success'""")
                .params(DAG, runId).query(String.class).list();
    }

    long runsOfDag() {
        return sql.sql("SELECT count(*) FROM dag_run WHERE dag_id = ?").param(DAG).query(Long.class).single();
    }

    /** "state count" per TI state of the run. */
    List<String> stateCounts() {
        return sql.sql("""
                SELECT ti.state || ' ' || count(*) FROM task_instance ti JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ? GROUP BY ti.state ORDER BY ti.state""")
                .params(DAG, runId).query(String.class).list();
    }

    long succeeded() {
        return count("success");
    }

    long running() {
        return count("running");
    }

    private long count(String state) {
        return sql.sql("""
                SELECT count(*) FROM task_instance ti JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ? AND ti.state = ?""")
                .params(DAG, runId, state).query(Long.class).single();
    }

    /** The TIs of the run running on this node, with their last heartbeat. */
    Map<Long, Instant> runningOn(String nodeId) {
        Map<Long, Instant> running = new TreeMap<>();
        sql.sql("""
                SELECT ti.id, ti.heartbeat_at FROM task_instance ti JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ? AND ti.state = 'running' AND ti.node_id = ?""")
                .params(DAG, runId, nodeId)
                .query(rs -> {
                    running.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                });
        return running;
    }

    /** Every recorded try of the run as "ti try state node start end", for comparing history before and after. */
    List<String> finishedTries() {
        return sql.sql("""
                SELECT t.ti_id || ' ' || t.try_number || ' ' || t.state || ' ' || coalesce(t.node_id, '-') || ' '
                       || t.start_date || ' ' || t.end_date
                FROM task_try t JOIN task_instance ti ON ti.id = t.ti_id JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ? ORDER BY t.ti_id, t.try_number""")
                .params(DAG, runId).query(String.class).list();
    }

    /** Pairs of tries of one TI whose [start, end) intervals overlap: two executions at once. */
    List<String> overlappingTries() {
        return sql.sql("""
                SELECT a.ti_id || ': try ' || a.try_number || ' on ' || a.node_id || ' and try ' || b.try_number
                       || ' on ' || b.node_id
                FROM task_try a JOIN task_try b ON b.ti_id = a.ti_id AND b.try_number > a.try_number
                JOIN task_instance ti ON ti.id = a.ti_id JOIN dag_run r ON r.id = ti.run_pk
                WHERE r.dag_id = ? AND r.run_id = ?
                  AND tstzrange(a.start_date, a.end_date) && tstzrange(b.start_date, b.end_date)""")
                .params(DAG, runId).query(String.class).list();
    }

    /** TIs whose tries 1..try_number are not all in task_try (a try lost from the history). */
    List<String> tisWithMissingTries() {
        return sql.sql("""
                SELECT ti.id || ' try_number ' || ti.try_number || ' rows ' || count(t.ti_id)
                FROM task_instance ti JOIN dag_run r ON r.id = ti.run_pk
                LEFT JOIN task_try t ON t.ti_id = ti.id
                WHERE r.dag_id = ? AND r.run_id = ? GROUP BY ti.id, ti.try_number
                HAVING count(t.ti_id) <> ti.try_number OR count(t.ti_id) = 0""")
                .params(DAG, runId).query(String.class).list();
    }

    long nodeLostTries() {
        return sql.sql("SELECT count(*) FROM task_try WHERE error = ?").param(NODE_LOST).query(Long.class).single();
    }

    long nodeLostTriesNotOn(String nodeId) {
        return sql.sql("SELECT count(*) FROM task_try WHERE error = ? AND node_id <> ?").params(NODE_LOST, nodeId)
                .query(Long.class).single();
    }

    /**
     * Each try that was running on the killed node: recorded {@code node lost} on that node, not before its own last
     * heartbeat was older than the threshold, and within {@code maxAfterKill} of the kill; the TI's last try
     * succeeded later. With {@code retriedElsewhere}, that last try ran on another node.
     *
     * @return the longest time from the kill to a reap
     */
    Duration assertLostTriesRetried(String killed, Map<Long, Instant> lost, Instant killedAt, Duration threshold,
                                    Duration maxAfterKill, boolean retriedElsewhere) {
        Duration slowest = Duration.ZERO;
        for (var entry : lost.entrySet()) {
            long tiId = entry.getKey();
            List<Map<String, Object>> tries = sql.sql("""
                    SELECT try_number, state, start_date, end_date, node_id, error FROM task_try
                    WHERE ti_id = ? ORDER BY try_number""").param(tiId).query().listOfRows();
            Map<String, Object> lostTry = tries.stream().filter(t -> killed.equals(t.get("node_id"))
                    && NODE_LOST.equals(t.get("error"))).findFirst().orElseThrow(() ->
                    new AssertionError("TI " + tiId + " has no '" + NODE_LOST + "' try on " + killed + ": " + tries));
            Instant reaped = ((Timestamp) lostTry.get("end_date")).toInstant();
            assertThat(Duration.between(entry.getValue(), reaped)).as("TI %d reaped after its last heartbeat", tiId)
                    .isGreaterThanOrEqualTo(threshold);
            Duration detection = Duration.between(killedAt, reaped);
            slowest = detection.compareTo(slowest) > 0 ? detection : slowest;
            assertThat(detection).as("TI %d reaped after the kill", tiId).isLessThanOrEqualTo(maxAfterKill);
            Map<String, Object> last = tries.getLast();
            assertThat(last.get("state")).as("last try of TI %d: %s", tiId, tries).isEqualTo("success");
            assertThat((Integer) last.get("try_number")).isGreaterThan((Integer) lostTry.get("try_number"));
            if (retriedElsewhere) {
                assertThat(last.get("node_id")).as("last try of TI %d", tiId).isNotEqualTo(killed);
            }
        }
        return slowest;
    }
}
