package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.TaskDef;
import io.pipeline.schedule.Dataset;
import io.pipeline.schedule.DatasetInput;
import io.pipeline.schedule.DatasetTimetable;
import io.pipeline.store.DatasetRepository.Declared;
import io.pipeline.store.DatasetRepository.Reference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The datasets the loaded DAGs declare (produce, consume, schedule on, or wait for from a time schedule) and their
 * references, for the load's sync.
 */
record DatasetDeclarations(List<Declared> datasets, List<Reference> references) {

    static DatasetDeclarations of(Collection<Dag> dags) {
        Map<String, Declared> declared = new LinkedHashMap<>();
        List<Reference> refs = new ArrayList<>();
        for (Dag dag : dags) {
            for (TaskDef t : dag.tasks().values()) {
                for (Dataset d : t.produces()) {
                    declared.putIfAbsent(d.uri(), new Declared(d.uri(), d.partitioningName()));
                    refs.add(new Reference(d.uri(), dag.dagId(), t.taskId(), "produces", null));
                }
                for (Dataset d : t.consumes()) {
                    declared.putIfAbsent(d.uri(), new Declared(d.uri(), d.partitioningName()));
                    refs.add(new Reference(d.uri(), dag.dagId(), t.taskId(), "consumes", null));
                }
            }
            List<DatasetInput> inputs = new ArrayList<>(dag.timetable().waitsFor());
            if (dag.timetable() instanceof DatasetTimetable t) {
                inputs.addAll(t.inputs());
            }
            for (DatasetInput in : inputs) {
                Dataset d = in.dataset();
                declared.putIfAbsent(d.uri(), new Declared(d.uri(), d.partitioningName()));
                refs.add(new Reference(d.uri(), dag.dagId(), null, "schedule",
                        in.mapping() == null ? null : in.mapping().label()));
            }
        }
        return new DatasetDeclarations(List.copyOf(declared.values()), refs);
    }

    /** The declared datasets with a freshness deadline, by URI (the first declaration with one wins). */
    static Map<String, Dataset> fresh(Collection<Dag> dags) {
        Map<String, Dataset> out = new LinkedHashMap<>();
        for (Dag dag : dags) {
            List<Dataset> all = new ArrayList<>();
            dag.tasks().values().forEach(t -> {
                all.addAll(t.produces());
                all.addAll(t.consumes());
            });
            if (dag.timetable() instanceof DatasetTimetable t) {
                all.addAll(t.datasets());
            }
            dag.timetable().waitsFor().forEach(in -> all.add(in.dataset()));
            all.stream().filter(d -> d.freshBy() != null).forEach(d -> out.putIfAbsent(d.uri(), d));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Dataset URI to the DAGs with a task that produces it, in load order. */
    static Map<String, List<String>> producers(Collection<Dag> dags) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Dag dag : dags) {
            for (TaskDef t : dag.tasks().values()) {
                for (Dataset d : t.produces()) {
                    List<String> ids = out.computeIfAbsent(d.uri(), k -> new ArrayList<>());
                    if (!ids.contains(dag.dagId())) {
                        ids.add(dag.dagId());
                    }
                }
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }

    /** Dataset URI to the DAGs whose data schedule waits on it. */
    static Map<String, List<Dag>> consumers(Collection<Dag> dags) {
        Map<String, List<Dag>> out = new LinkedHashMap<>();
        for (Dag dag : dags) {
            if (dag.timetable() instanceof DatasetTimetable t) {
                t.datasets().stream().map(Dataset::uri).distinct()
                        .forEach(uri -> out.computeIfAbsent(uri, k -> new ArrayList<>()).add(dag));
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(out);
    }
}
