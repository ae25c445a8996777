package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.schedule.TimeRestriction;
import io.pipeline.store.DagRunRow;

import java.time.Instant;
import java.util.Optional;

/** Asks a DAG's timetable for the scheduled run after the last one. Pure apart from its inputs. */
public final class RunPlanner {

    private RunPlanner() {
    }

    /** The next scheduled run after {@code last} (null: none yet), or empty when the DAG has no more runs. */
    public static Optional<DagRunInfo> next(Dag dag, DagRunRow last, Instant now) {
        return next(dag, info(last), now);
    }

    /** The run a stored run stands for, as the timetable sees it (null for null). */
    public static DagRunInfo info(DagRunRow last) {
        return last == null ? null : new DagRunInfo(last.logicalDate(),
                DataInterval.between(last.dataIntervalStart(), last.dataIntervalEnd()),
                last.runAfter() == null ? last.dataIntervalEnd() : last.runAfter(), last.sessionDate());
    }

    /** The next scheduled run after the run {@code lastInfo} (null: none yet), or empty when there are no more. */
    public static Optional<DagRunInfo> next(Dag dag, DagRunInfo lastInfo, Instant now) {
        if (!dag.isScheduled()) {
            return Optional.empty();
        }
        TimeRestriction restriction = new TimeRestriction(dag.startDate(), dag.endDate(), dag.catchup());
        Optional<DagRunInfo> next = dag.timetable().nextRun(lastInfo, restriction, now);
        // A timetable must move forward; a run at or before the last one would be a duplicate.
        if (next.isPresent() && lastInfo != null && !next.get().logicalDate().isAfter(lastInfo.logicalDate())) {
            return Optional.empty();
        }
        return next;
    }

    /** Run id of a scheduled run, Airflow style: {@code scheduled__2026-01-05T09:30:00Z}. */
    public static String scheduledRunId(Instant logicalDate) {
        return "scheduled__" + logicalDate;
    }

    public static String manualRunId(Instant logicalDate) {
        return "manual__" + logicalDate;
    }
}
