package io.pipeline.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes scheduled DAG runs. Pure: no clock reads; "now" is passed in where needed.
 */
public interface Timetable {

    /** Most runs {@link #runsBetween} returns, a guard against a range far wider than meant. */
    int MAX_RUNS_BETWEEN = 100_000;

    /**
     * The run after {@code last} (null: no scheduled run yet), within the restriction. With catchup off the engine
     * passes {@code now} and the timetable returns the latest run whose runAfter is &lt;= now rather than the
     * oldest missed one (or the first future one when none is due). Runs have logicalDate &gt;= the restriction's
     * earliest and &lt;= its latest; empty when there is none.
     */
    Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now);

    /** The data interval for a manual run triggered with this logical date. */
    DataInterval manualDataInterval(Instant logicalDate);

    /** Human-readable schedule, e.g. {@code "04:00 America/New_York on XNYS sessions"}. */
    String description();

    /** The expression shown in the API's schedule_interval field. */
    String expression();

    /**
     * Input partitions the runs of a time schedule also wait for (each with its mapping from the run's key): the
     * run is created on time and its tasks wait until each has an event. Empty for most schedules.
     */
    default List<DatasetInput> waitsFor() {
        return List.of();
    }

    /**
     * The partitioning whose keys the runs wait for their {@link #waitsFor() inputs} under: the schedule's own
     * (the sessions of a session schedule), the days of its zone for a cron schedule.
     */
    default Partitioning waitsPartitioning() {
        return partitioning();
    }

    /** True for timetables that never schedule (manual-only DAGs). */
    default boolean isManual() {
        return false;
    }

    /**
     * What a manual run with this logical date looks like: its data interval and, for session timetables, the
     * session (null when the date is not a session or the timetable knows no sessions).
     */
    default DagRunInfo manualRun(Instant logicalDate) {
        return new DagRunInfo(logicalDate, manualDataInterval(logicalDate), logicalDate, sessionOf(logicalDate));
    }

    /** The trading session a logical date stands for, or null (non-session timetables, or not a session). */
    default LocalDate sessionOf(Instant logicalDate) {
        return null;
    }

    /**
     * How the runs of this timetable are partitioned: the sessions of its calendar for session timetables, the
     * partitioning of a partition schedule; null when runs have no partition key of their own.
     */
    default Partitioning partitioning() {
        return null;
    }

    /**
     * The run of a partition key (a manual trigger with {@code partition_key}): its logical date, data interval and
     * session. Throws {@link InvalidDatasetException} naming the key when it is not a partition of this timetable,
     * or when the timetable has no partitioning.
     */
    default DagRunInfo partitionRun(String key) {
        Partitioning p = partitioning();
        if (p == null) {
            throw new InvalidDatasetException("partition key '" + key + "' given, but the schedule '" + expression()
                    + "' is not partitioned");
        }
        return p.run(p.requireKey(key));
    }

    /**
     * Every scheduled run with from &lt;= logicalDate &lt;= to, in order, as catchup would create them (for
     * backfill). Session timetables iterate sessions only.
     */
    default List<DagRunInfo> runsBetween(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("backfill range is reversed: " + from + " is after " + to);
        }
        TimeRestriction restriction = new TimeRestriction(from, to, true);
        List<DagRunInfo> runs = new ArrayList<>();
        DagRunInfo last = null;
        while (true) {
            Optional<DagRunInfo> next = nextRun(last, restriction, to);
            if (next.isEmpty() || next.get().logicalDate().isAfter(to)) {
                return runs;
            }
            if (runs.size() == MAX_RUNS_BETWEEN) {
                throw new IllegalArgumentException("more than " + MAX_RUNS_BETWEEN + " runs of '" + expression()
                        + "' between " + from + " and " + to);
            }
            runs.add(next.get());
            last = next.get();
        }
    }
}
