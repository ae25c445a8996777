package io.pipeline.dags.marketdata;

import org.slf4j.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The results of one quality-check task: logged, recorded in {@code dq_result}, and enforced. */
public record QualityReport(List<CheckResult> results) {

    public QualityReport {
        results = List.copyOf(results);
    }

    public List<CheckResult> failures() {
        return results.stream().filter(CheckResult::isFailure).toList();
    }

    public List<CheckResult> warnings() {
        return results.stream().filter(r -> !r.passed() && r.severity() == CheckResult.Severity.WARN).toList();
    }

    /** A summary line per check, then every failed or warned result. */
    public void log(Logger log) {
        Map<String, long[]> byCheck = new TreeMap<>();
        results.forEach(r -> byCheck.computeIfAbsent(r.check(), k -> new long[2])[r.passed() ? 0 : 1]++);
        byCheck.forEach((check, n) -> log.info("quality check {}: {} passed, {} not passed", check, n[0], n[1]));
        results.stream().filter(r -> !r.passed()).forEach(r -> {
            if (r.isFailure()) {
                log.error("{}", r);
            } else {
                log.warn("{}", r);
            }
        });
    }

    /** Replaces this task run's rows in {@code dq_result}, so a retried or cleared task does not double them. */
    public void record(DataSource ds, String dagId, String runId, String taskId, Instant at) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM dq_result WHERE dag_id = ? AND run_id = ? AND task_id = ?");
                 PreparedStatement ins = c.prepareStatement("""
                         INSERT INTO dq_result (dag_id, run_id, task_id, check_name, symbol, session_date, severity,
                                                passed, observed, detail, checked_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                del.setString(1, dagId);
                del.setString(2, runId);
                del.setString(3, taskId);
                del.executeUpdate();
                for (CheckResult r : results) {
                    ins.setString(1, dagId);
                    ins.setString(2, runId);
                    ins.setString(3, taskId);
                    ins.setString(4, r.check());
                    ins.setString(5, r.symbol());
                    ins.setDate(6, r.session() == null ? null : Date.valueOf(r.session()));
                    ins.setString(7, r.severity().name().toLowerCase(Locale.ROOT));
                    ins.setBoolean(8, r.passed());
                    ins.setLong(9, r.observed());
                    ins.setString(10, r.detail());
                    ins.setTimestamp(11, Timestamp.from(at));
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Throws naming the failed checks when any check with severity fail did not pass. */
    public void enforce() {
        List<CheckResult> failed = failures();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " data-quality check(s) failed: "
                    + failed.stream().limit(10).map(CheckResult::toString).toList());
        }
    }
}
