package io.pipeline.task.builtin;

import io.pipeline.task.TaskContext;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar date a run is for, as the calendar tasks read it:
 * <ol>
 *   <li>the run's trading session when its timetable has sessions ({@link TaskContext#session()});</li>
 *   <li>for manual runs, the local date of the logical date the user gave;</li>
 *   <li>otherwise the local date of the data interval's end. With cron's data-interval semantics the logical date is
 *       the previous tick (Monday 04:00's run has Friday as logical date), so the interval end is the day the run
 *       is about; for timetables whose interval is a point the two are the same.</li>
 * </ol>
 */
public final class RunDate {

    private RunDate() {
    }

    public static LocalDate of(TaskContext ctx, ZoneId zone) {
        if (ctx.session() != null) {
            return ctx.session();
        }
        if ("manual".equals(ctx.runType()) || ctx.dataInterval() == null) {
            return ctx.logicalDate().atZone(zone).toLocalDate();
        }
        return ctx.dataInterval().end().atZone(zone).toLocalDate();
    }
}
