package io.pipeline.testing;

import io.pipeline.schedule.DagRunInfo;
import io.pipeline.schedule.DataInterval;
import io.pipeline.schedule.TimeRestriction;
import io.pipeline.schedule.Timetable;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A timetable with an interval of a few seconds, for tests that let Quartz fire in real time. */
public record EveryFewSeconds(Duration every) implements Timetable {

    @Override
    public Optional<DagRunInfo> nextRun(DagRunInfo last, TimeRestriction restriction, Instant now) {
        long ms = every.toMillis();
        Instant start;
        if (last != null) {
            start = last.dataInterval().end();
        } else {
            Instant from = restriction.earliest() != null ? restriction.earliest() : now;
            start = Instant.ofEpochMilli(Math.ceilDiv(from.toEpochMilli(), ms) * ms);
        }
        if (!restriction.catchup() && now != null) {
            Instant latestStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms - ms);
            if (start.isBefore(latestStart)) {
                start = latestStart;
            }
        }
        Instant end = start.plus(every);
        return Optional.of(new DagRunInfo(start, DataInterval.between(start, end), end, null));
    }

    @Override
    public DataInterval manualDataInterval(Instant logicalDate) {
        return DataInterval.exact(logicalDate);
    }

    @Override
    public String description() {
        return "every " + every;
    }

    @Override
    public String expression() {
        return every.toString();
    }
}
