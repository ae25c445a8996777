package io.pipeline.store;

import io.pipeline.state.DagRunState;

import java.time.Instant;
import java.util.List;

/** Optional filters for listing DAG runs (Airflow's list-DAG-runs query parameters); null means no filter. */
public record DagRunFilter(
        List<DagRunState> states,
        String runType,
        Instant logicalDateGte,
        Instant logicalDateLte,
        Instant startDateGte,
        Instant startDateLte,
        Instant endDateGte,
        Instant endDateLte) {

    public DagRunFilter {
        states = states == null ? List.of() : List.copyOf(states);
    }

    public static DagRunFilter none() {
        return new DagRunFilter(List.of(), null, null, null, null, null, null, null);
    }

    public static DagRunFilter states(DagRunState... states) {
        return new DagRunFilter(List.of(states), null, null, null, null, null, null, null);
    }
}
