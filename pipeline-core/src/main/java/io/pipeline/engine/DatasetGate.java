package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.DatasetInput;
import io.pipeline.schedule.DatasetTimetable;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DatasetRepository;
import io.pipeline.store.DatasetRepository.DatasetKey;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a run of a DAG scheduled on partitions has its inputs: for each input dataset, an event for every key
 * its mapping asks for. The one rule that holds a queued run back (start step) and explains the hold (why not
 * running).
 */
public final class DatasetGate {

    /** An input partition with no event yet. */
    public record Missing(String uri, String partitionKey) {
        @Override
        public String toString() {
            return uri + "[" + partitionKey + "]";
        }
    }

    /** What the run waits for (empty: nothing) and the events it would start on. */
    public record Check(List<Missing> missing, Set<Long> events) {
        public boolean ready() {
            return missing.isEmpty();
        }
    }

    private final DatasetRepository repo;

    public DatasetGate(DatasetRepository repo) {
        this.repo = repo;
    }

    /** True when the run is held by this gate at all: a keyed run of a DAG scheduled on partitions. */
    public static boolean applies(Dag dag, DagRunRow run) {
        return run.partitionKey() != null && dag.timetable() instanceof DatasetTimetable t && t.byPartition();
    }

    public Check check(Dag dag, DagRunRow run) {
        if (!applies(dag, run)) {
            return new Check(List.of(), Set.of());
        }
        DatasetTimetable t = (DatasetTimetable) dag.timetable();
        return check(t.inputs(), LocalDate.parse(run.partitionKey()));
    }

    /** True when the run's tasks wait for data: a DAG on a time schedule that also waits for partitions. */
    public static boolean holdsTasks(Dag dag) {
        return !dag.timetable().waitsFor().isEmpty();
    }

    /**
     * What the tasks of a run of a time schedule with waits ({@code SessionTimetable.waitingFor},
     * {@code CronTimetable.waitingFor}) still wait for: the key is the run's partition key, else its session, else
     * the partition of its logical date in the schedule's {@code waitsPartitioning()} (for a cron schedule the day of
     * the logical date in its zone).
     */
    public Check checkWaits(Dag dag, DagRunRow run) {
        if (!holdsTasks(dag)) {
            return new Check(List.of(), Set.of());
        }
        return check(dag.timetable().waitsFor(), runKey(dag, run));
    }

    /** The key a time-scheduled run waits for its inputs under. */
    public static LocalDate runKey(Dag dag, DagRunRow run) {
        io.pipeline.schedule.Partitioning p = dag.timetable().waitsPartitioning();
        String given = run.partitionKey() != null ? run.partitionKey()
                : run.sessionDate() != null ? run.sessionDate().toString() : null;
        if (given != null && p.isKey(LocalDate.parse(given))) {
            return LocalDate.parse(given);
        }
        return p.keyFor(run.logicalDate());
    }

    private Check check(List<DatasetInput> inputs, LocalDate key) {
        Map<String, DatasetKey> keys = repo.keys(inputs.stream().map(in -> in.dataset().uri()).toList());
        List<Missing> missing = new ArrayList<>();
        Set<Long> events = new LinkedHashSet<>();
        for (DatasetInput in : inputs) {
            DatasetKey k = keys.get(in.dataset().uri());
            List<LocalDate> wanted = in.mapping().inputKeys(in.dataset().partitioning(), key);
            if (wanted.isEmpty()) {
                missing.add(new Missing(in.dataset().uri(), "no partition maps to " + key));
            }
            for (LocalDate w : wanted) {
                Optional<Long> ev = k == null ? Optional.empty() : repo.latestEvent(k.id(), w.toString());
                if (ev.isPresent()) {
                    events.add(ev.get());
                } else {
                    missing.add(new Missing(in.dataset().uri(), w.toString()));
                }
            }
        }
        return new Check(List.copyOf(missing), events);
    }
}
