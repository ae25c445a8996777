package io.pipeline.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tracks whether the database is reachable, so that an outage is logged once (with its cause) and its end once,
 * however many loops run into it. Loops that back off during an outage wait in {@link #awaitReachable}, so that the
 * first component to reach the database again wakes all of them instead of each sleeping out its grown back-off.
 */
public final class DbHealth {
    private static final Logger LOG = LoggerFactory.getLogger(DbHealth.class);

    private final Clock clock;
    private final boolean logs;
    private Instant outageSince;
    private Instant healthySince;

    public DbHealth(Clock clock) {
        this(clock, true);
    }

    private DbHealth(Clock clock, boolean logs) {
        this.clock = clock;
        this.logs = logs;
        this.healthySince = clock.instant();
    }

    /**
     * A health tracker that logs nothing: for a side component of a node (e.g. the calendar-override sync) whose
     * engine already reports an outage once; a node's outage is logged once, not once per component.
     */
    public static DbHealth quiet(Clock clock) {
        return new DbHealth(clock, false);
    }

    /** True when {@code e} (or a cause) says the database could not be reached, rather than a bug or bad data. */
    public static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // A failed rollback on a dead connection hides the original error; look at both.
            if (t instanceof TransactionSystemException tse && tse.getApplicationException() != null
                    && isConnectionProblem(tse.getApplicationException())) {
                return true;
            }
            if (t instanceof SQLException s && "Connection is closed".equals(s.getMessage())) {
                return true;
            }
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Records a failure of {@code where}; logs the first of an outage with its cause. */
    public synchronized void failed(String where, Throwable e) {
        if (outageSince == null) {
            outageSince = clock.instant();
            healthySince = null;
            if (logs) {
                LOG.warn("database unreachable ({}): {}; retrying until it is back", where, rootMessage(e));
            }
        }
    }

    /** Records a success; logs the end of an outage and wakes the loops waiting in {@link #awaitReachable}. */
    public synchronized void ok() {
        if (outageSince != null) {
            if (logs) {
                LOG.warn("database reachable again after {}", Duration.between(outageSince, clock.instant()));
            }
            outageSince = null;
            notifyAll();
        }
        if (healthySince == null) {
            healthySince = clock.instant();
        }
    }

    /**
     * A loop's back-off during an outage: waits up to {@code max}, but returns as soon as any component has reached
     * the database again ({@link #ok}); at once when no outage is recorded. Real time, not the clock: it paces retries.
     */
    public synchronized void awaitReachable(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (outageSince != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    public synchronized boolean isDown() {
        return outageSince != null;
    }

    /** How long the database has been reachable without interruption (zero while it is down). */
    public synchronized Duration healthyFor() {
        return healthySince == null ? Duration.ZERO : Duration.between(healthySince, clock.instant());
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e.getClass().getSimpleName() + " caused by " + root;
    }
}
