package io.pipeline.store;

/**
 * A pool and its occupancy, as Airflow reports it: slots taken by queued and running task instances (and deferred
 * ones when {@code includeDeferred}), in {@code pool_slots} units.
 */
public record PoolRow(String name, int slots, String description, boolean includeDeferred, int runningSlots,
                      int queuedSlots, int scheduledSlots, int deferredSlots) {

    public static final String DEFAULT_POOL = "default_pool";

    public int occupiedSlots() {
        return runningSlots + queuedSlots + (includeDeferred ? deferredSlots : 0);
    }

    /** Slots still free; negative when the pool was shrunk below its occupancy. */
    public int openSlots() {
        return slots - occupiedSlots();
    }

    public boolean isDefault() {
        return DEFAULT_POOL.equals(name);
    }
}
