package io.pipeline.web.api;

import io.pipeline.store.PoolRow;

import java.util.List;

/** Airflow's {@code Pool} schema; {@code description} may be null as the schema allows. */
public record PoolJson(String name, int slots, int occupiedSlots, int runningSlots, int queuedSlots,
                       int scheduledSlots, int openSlots, int deferredSlots, String description,
                       boolean includeDeferred) {

    public record Collection(List<PoolJson> pools, long totalEntries) {
    }

    static PoolJson of(PoolRow p) {
        return new PoolJson(p.name(), p.slots(), p.occupiedSlots(), p.runningSlots(), p.queuedSlots(),
                p.scheduledSlots(), p.openSlots(), p.deferredSlots(), p.description(), p.includeDeferred());
    }
}
