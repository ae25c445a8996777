package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.DatasetTimetable;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.schedule.Partitioning;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DatasetRepository;
import io.pipeline.store.DatasetRepository.DatasetKey;
import io.pipeline.store.DatasetRepository.NewEvent;
import io.pipeline.store.DatasetRepository.Trigger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records dataset events and queues the triggers they cause, in the caller's transaction (the finisher's, so that a
 * task's success and its events commit together; or an external report's). An event never replaces an earlier one
 * for the same key: history is kept.
 */
public final class DatasetEvents {

    /** An event to record: the dataset, its key (null for unpartitioned), extra JSON and where it came from. */
    public record Pending(String uri, String partitionKey, String extraJson, String sourceDagId, String sourceTaskId,
                          String sourceRunId, int sourceMapIndex) {
    }

    private final DatasetRepository repo;
    private final DagRegistry registry;
    private final QueueNotifier notifier;

    /** @param notifier wakes the schedulers (of every node) when an event queued a trigger, at commit */
    public DatasetEvents(DatasetRepository repo, DagRegistry registry, QueueNotifier notifier) {
        this.repo = repo;
        this.registry = registry;
        this.notifier = notifier;
    }

    /** The events of a successful task: one per produced dataset for the run's key, plus what it emitted. */
    public List<Pending> ofSuccess(Dag dag, String taskId, int mapIndex, DagRunRow run,
                                   List<TryOutcome.EmittedEvent> emitted) {
        List<Pending> out = new ArrayList<>();
        for (Dataset d : dag.task(taskId).produces()) {
            out.add(new Pending(d.uri(), defaultKey(d, run), null, dag.dagId(), taskId, run.runId(), mapIndex));
        }
        for (TryOutcome.EmittedEvent e : emitted) {
            out.add(new Pending(e.dataset().uri(), e.partitionKey(), e.extraJson(), dag.dagId(), taskId, run.runId(),
                    mapIndex));
        }
        return out;
    }

    /**
     * The key a produced dataset's event gets by default: the run's partition key, else its session, else the
     * partition of its logical date; when that is not a key of the dataset's partitioning (another calendar), the
     * dataset's partition of the run's logical date. Null for an unpartitioned dataset.
     */
    static String defaultKey(Dataset d, DagRunRow run) {
        Partitioning p = d.partitioning();
        if (p == null) {
            return null;
        }
        String given = run.partitionKey() != null ? run.partitionKey()
                : run.sessionDate() != null ? run.sessionDate().toString() : null;
        if (given != null && p.isKey(LocalDate.parse(given))) {
            return given;
        }
        return p.keyFor(run.logicalDate()).toString();
    }

    /**
     * Appends the events and queues a trigger for each consumer whose schedule waits on them.
     *
     * @return the new events' ids, in order
     * @throws InvalidDatasetException naming an unknown dataset
     */
    public List<Long> record(List<Pending> events, Instant now) {
        if (events.isEmpty()) {
            return List.of();
        }
        Set<String> uris = new LinkedHashSet<>();
        events.forEach(e -> uris.add(e.uri()));
        Map<String, DatasetKey> keys = repo.keys(uris);
        List<NewEvent> rows = new ArrayList<>();
        List<Trigger> triggers = new ArrayList<>();
        for (Pending e : events) {
            DatasetKey k = keys.get(e.uri());
            if (k == null) {
                throw new InvalidDatasetException("unknown dataset '" + e.uri() + "'");
            }
            rows.add(new NewEvent(k.id(), e.partitionKey(), e.extraJson(), e.sourceDagId(), e.sourceTaskId(),
                    e.sourceRunId(), e.sourceMapIndex()));
            triggers.addAll(triggers(e, k.id()));
        }
        List<Long> ids = repo.insertEvents(rows, now);
        repo.enqueue(triggers, now);
        if (!triggers.isEmpty()) {
            notifier.schedulerWork(); // the consumer's run is created by the next pass: run it now, not in a second
        }
        return ids;
    }

    private List<Trigger> triggers(Pending e, long datasetId) {
        List<Trigger> out = new ArrayList<>();
        for (Dag consumer : registry.consumersOf(e.uri())) {
            DatasetTimetable t = (DatasetTimetable) consumer.timetable();
            if (!t.byPartition()) {
                out.add(new Trigger(consumer.dagId(), "", datasetId));
            } else if (e.partitionKey() != null) {
                for (LocalDate key : t.runKeys(e.uri(), LocalDate.parse(e.partitionKey()))) {
                    if (t.partitioning().isKey(key)) {
                        out.add(new Trigger(consumer.dagId(), key.toString(), datasetId));
                    }
                }
            }
        }
        return out;
    }
}
