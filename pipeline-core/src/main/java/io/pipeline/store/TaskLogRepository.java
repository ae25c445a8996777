package io.pipeline.store;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

/** Log chunks of tries ({@code task_log}). A try's log is its chunks in insertion order. */
public class TaskLogRepository {

    private final JdbcClient jdbc;

    public TaskLogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void append(long tiId, int tryNumber, String lines, Instant now) {
        if (lines == null || lines.isEmpty()) {
            return;
        }
        jdbc.sql("INSERT INTO task_log (ti_id, try_number, lines, created_at) VALUES (:ti, :try, :lines, :now)")
                .param("ti", tiId).param("try", tryNumber).param("lines", lines).param("now", Timestamps.toDb(now))
                .update();
    }

    /** The text stored so far for a try (empty when it logged nothing). */
    public String read(long tiId, int tryNumber) {
        return jdbc.sql("""
                SELECT coalesce(string_agg(lines, '' ORDER BY id), '') FROM task_log
                WHERE ti_id = :ti AND try_number = :try
                """)
                .param("ti", tiId).param("try", tryNumber).query(String.class).single();
    }
}
