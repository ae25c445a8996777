package io.pipeline.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A task instance claimed by this node (state running), with what its try needs to know of the run.
 *
 * @param version       the TI's version after the claim; the outcome is written only if it still matches
 * @param scheduledAt   when the TI became ready (for the task-lag metric)
 * @param firstPokeAt   reschedule sensors: when the try's first poke ran, else null
 * @param sensorDeadline reschedule sensors: when the sensor times out, else null
 * @param nodeId        the node that claimed it
 */
public record ClaimedTi(
        long id,
        int version,
        long runPk,
        String dagId,
        String runId,
        String runType,
        Instant logicalDate,
        Instant dataIntervalStart,
        Instant dataIntervalEnd,
        LocalDate sessionDate,
        String confJson,
        String taskId,
        int mapIndex,
        int tryNumber,
        int maxTries,
        Instant scheduledAt,
        Instant startDate,
        Instant firstPokeAt,
        Instant sensorDeadline,
        String nodeId) {

    /**
     * Hashes the claimed try by TI id and version only (equal records always agree on both): the record's own hash
     * over all twenty fields, the run's conf text included, showed up in profiles of the maps of running tries.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + version;
    }

    /** {@code dag/run/task[mapIndex]}, for messages. */
    public String label() {
        return dagId + "/" + runId + "/" + taskId + (mapIndex >= 0 ? "[" + mapIndex + "]" : "");
    }
}
