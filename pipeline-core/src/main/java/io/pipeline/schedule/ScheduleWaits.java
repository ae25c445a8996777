package io.pipeline.schedule;

import java.util.List;
import java.util.stream.Collectors;

/** The input partitions a cron schedule's runs also wait for: checked against the runs' keys, and put in words. */
final class ScheduleWaits {

    private ScheduleWaits() {
    }

    /**
     * The waits, each checked to map to {@code runs}; throws {@link IncompatiblePartitionsException} naming the
     * schedule, the input and both partitionings otherwise.
     */
    static List<DatasetInput> checked(List<DatasetInput> waits, Partitioning runs, String schedule) {
        for (DatasetInput in : waits) {
            if (in.mapping() == null) {
                throw new IncompatiblePartitionsException(schedule + " waits for partitions; " + in
                        + " has no partition mapping");
            }
            Partitioning target = in.mapping().target(in.dataset().partitioning());
            if (!target.equals(runs)) {
                throw new IncompatiblePartitionsException(schedule + " keys its runs by " + runs.name()
                        + " and cannot wait for " + in + ": it maps to " + target.name());
            }
        }
        return List.copyOf(waits);
    }

    /** {@code text}, followed by what the runs wait for when they do. */
    static String words(String text, List<DatasetInput> waits) {
        return waits.isEmpty() ? text : text + ", waiting for " + waits.stream().map(DatasetInput::toString)
                .collect(Collectors.joining(", "));
    }
}
