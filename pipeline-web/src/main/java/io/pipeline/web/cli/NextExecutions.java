package io.pipeline.web.cli;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.schedule.TimeRestriction;
import io.pipeline.store.DagRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The logical dates of a DAG's next scheduled runs for {@code dags next-execution}: the next run the scheduler has
 * recorded for the DAG, then the timetable's runs after it, unrestricted by catchup (Airflow's
 * {@code next_dagrun_info(restricted=False)}). A null entry ends the list: no further run.
 */
final class NextExecutions {

    private NextExecutions() {
    }

    static List<Instant> of(Dag dag, DagRow row, int count) {
        List<Instant> out = new ArrayList<>();
        if (!dag.isScheduled() || row.nextRunLogicalDate() == null) {
            out.add(null);
            return out;
        }
        DagRunInfo next = new DagRunInfo(row.nextRunLogicalDate(),
                DataInterval.between(row.nextRunIntervalStart(), row.nextRunIntervalEnd()),
                row.nextRunAfter(), dag.timetable().sessionOf(row.nextRunLogicalDate()));
        TimeRestriction restriction = new TimeRestriction(dag.startDate(), dag.endDate(), true);
        while (out.size() < count) {
            out.add(next.logicalDate());
            if (out.size() == count) {
                break;
            }
            Optional<DagRunInfo> after = dag.timetable().nextRun(next, restriction, next.runAfter());
            if (after.isEmpty() || !after.get().logicalDate().isAfter(next.logicalDate())) {
                out.add(null);
                break;
            }
            next = after.get();
        }
        return out;
    }
}
