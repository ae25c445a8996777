package io.pipeline.engine;

import io.pipeline.store.ClaimedTi;
import io.pipeline.store.TaskHandleRepository;
import io.pipeline.store.TaskHandleRepository.HandleRow;
import io.pipeline.task.TaskHandle;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A try's view of its task instance's live handle: read once on first use, each put written at once. */
final class StoredTaskHandle implements TaskHandle {
    private final ClaimedTi ti;
    private final TaskHandleRepository repo;
    private final Clock clock;
    private final Map<String, String> values = new LinkedHashMap<>();
    private int tryNumber;

    StoredTaskHandle(ClaimedTi ti, TaskHandleRepository repo, Clock clock) {
        this.ti = ti;
        this.repo = repo;
        this.clock = clock;
        repo.findLive(ti.id()).ifPresent(this::load);
    }

    private void load(HandleRow row) {
        values.putAll(row.values());
        tryNumber = row.tryNumber();
    }

    @Override
    public synchronized Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized Map<String, String> values() {
        return Map.copyOf(values);
    }

    @Override
    public synchronized int tryNumber() {
        return tryNumber;
    }

    @Override
    public synchronized void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        repo.put(new TaskHandleRepository.Owner(ti.id(), ti.version(), ti.dagId(), ti.runId(), ti.taskId(),
                        ti.mapIndex(), ti.tryNumber()), key, value,
                "try " + ti.tryNumber() + " of " + ti.label() + " ended before it stored its handle", clock.instant());
        values.put(key, value);
        tryNumber = ti.tryNumber();
    }
}
