package io.pipeline.engine;

/**
 * Told of every state change. Called inside the database transaction that records the change (Spring-managed,
 * on the engine's DataSource), so a listener that writes rows through the same DataSource (e.g. the alert outbox)
 * commits or rolls back with the change. A listener must be quick and must not call out over the network.
 */
public interface StateChangeListener {
    default void onTaskStateChange(TaskStateChange change) {
    }

    default void onDagRunStateChange(DagRunStateChange change) {
    }

    /** A dataset partition had no event by its freshness deadline (once per partition). */
    default void onPartitionLate(LatePartition late) {
    }

    /** A partition that was late has its first event now (once per partition). */
    default void onLatePartitionArrived(LatePartition arrived) {
    }
}
