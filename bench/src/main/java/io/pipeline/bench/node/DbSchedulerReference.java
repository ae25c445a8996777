package io.pipeline.bench.node;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reference: db-scheduler (a well-kept scheduler that also stores its executions in PostgreSQL) executing the
 * same number of no-op one-time executions on the same PostgreSQL server, in a database of its own, with as many
 * threads as the node has worker slots and its lock-and-fetch polling (its fastest strategy on PostgreSQL).
 */
final class DbSchedulerReference {

    private static final String DATABASE = "dbscheduler_bench";

    private DbSchedulerReference() {
    }

    /** Executions per second from start to the last one done. */
    static double run(String adminUrl, int executions, int threads) throws Exception {
        try (Connection admin = DriverManager.getConnection(adminUrl, "postgres", "");
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + DATABASE);
        config.setUsername("postgres");
        config.setPassword("");
        config.setMaximumPoolSize(threads + 4);
        try (HikariDataSource db = new HikariDataSource(config)) {
            createTable(db);
            CountDownLatch done = new CountDownLatch(executions);
            OneTimeTask<Void> noop = Tasks.oneTime("bench-noop").execute((instance, context) -> done.countDown());
            insert(db, executions);
            Scheduler scheduler = Scheduler.create(db, noop)
                    .threads(threads)
                    .pollUsingLockAndFetch(0.5, 3.0)
                    .pollingInterval(Duration.ofMillis(100))
                    .registerShutdownHook()
                    .build();
            long start = System.nanoTime();
            scheduler.start();
            try {
                if (!done.await(20, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("db-scheduler did not finish " + executions + " executions");
                }
                return executions / ((System.nanoTime() - start) / 1e9);
            } finally {
                scheduler.stop();
            }
        }
    }

    private static void createTable(HikariDataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // db-scheduler's PostgreSQL schema (its README's postgresql_tables.sql)
            s.execute("""
                    CREATE TABLE scheduled_tasks (
                      task_name TEXT NOT NULL,
                      task_instance TEXT NOT NULL,
                      task_data BYTEA,
                      execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
                      picked BOOLEAN NOT NULL,
                      picked_by TEXT,
                      last_success TIMESTAMP WITH TIME ZONE,
                      last_failure TIMESTAMP WITH TIME ZONE,
                      consecutive_failures INT,
                      last_heartbeat TIMESTAMP WITH TIME ZONE,
                      version BIGINT NOT NULL,
                      priority SMALLINT,
                      PRIMARY KEY (task_name, task_instance))""");
            s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            s.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        }
    }

    private static void insert(HikariDataSource db, int executions) throws Exception {
        Timestamp now = Timestamp.from(Instant.now().minusSeconds(1));
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement("""
                INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                VALUES ('bench-noop', ?, ?, FALSE, 1)""")) {
            for (int i = 0; i < executions; i++) {
                p.setString(1, "i" + i);
                p.setTimestamp(2, now);
                p.addBatch();
                if (i % 1000 == 999) {
                    p.executeBatch();
                }
            }
            p.executeBatch();
        }
    }
}
