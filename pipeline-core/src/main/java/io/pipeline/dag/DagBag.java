package io.pipeline.dag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loaded DAGs and the import errors of the ones that failed. Each definition is loaded on its own: one that
 * throws (or fails validation) becomes an {@link ImportError} and the others still load. A DAG id defined by a
 * second class is an import error for that class; the first definition stays loaded.
 */
public final class DagBag {
    private final Map<String, Dag> dags;
    private final List<ImportError> importErrors;

    private DagBag(Map<String, Dag> dags, List<ImportError> importErrors) {
        this.dags = Collections.unmodifiableMap(dags);
        this.importErrors = List.copyOf(importErrors);
    }

    /** Loads definitions that are already instantiated. */
    public static DagBag of(Collection<? extends DagDefinition> definitions) {
        List<Supplier<DagDefinition>> suppliers = new ArrayList<>();
        definitions.forEach(d -> suppliers.add(named(d)));
        return load(suppliers);
    }

    /** Instantiates each class with its no-argument constructor, then loads it. */
    public static DagBag fromClasses(Collection<Class<? extends DagDefinition>> classes) {
        List<Supplier<DagDefinition>> suppliers = new ArrayList<>();
        for (Class<? extends DagDefinition> type : classes) {
            suppliers.add(new ClassSupplier(type));
        }
        return load(suppliers);
    }

    /**
     * Instantiates each class with its no-argument constructor, then loads it; then each family's members. A family
     * that cannot be instantiated or whose {@code definitions()} throws is one import error named after its class.
     */
    public static DagBag fromClasses(Collection<Class<? extends DagDefinition>> classes,
                                     Collection<Class<? extends DagFamily>> families) {
        List<Supplier<DagDefinition>> suppliers = new ArrayList<>();
        for (Class<? extends DagDefinition> type : classes) {
            suppliers.add(new ClassSupplier(type));
        }
        List<ImportError> familyErrors = new ArrayList<>();
        for (Class<? extends DagFamily> type : families) {
            try {
                List<DagDefinition> members = type.getDeclaredConstructor().newInstance().definitions();
                members.forEach(d -> suppliers.add(new FamilyMember(type.getName(), d)));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                familyErrors.add(new ImportError(type.getName(), null, describe(type.getName(), cause)));
            }
        }
        DagBag bag = load(suppliers);
        if (familyErrors.isEmpty()) {
            return bag;
        }
        List<ImportError> errors = new ArrayList<>(familyErrors);
        errors.addAll(bag.importErrors);
        return new DagBag(new LinkedHashMap<>(bag.dags), errors);
    }

    /** Loads from suppliers; a supplier that throws is an import error named after the supplier. */
    public static DagBag load(Collection<? extends Supplier<? extends DagDefinition>> suppliers) {
        Map<String, Dag> dags = new LinkedHashMap<>();
        Map<String, String> definedBy = new LinkedHashMap<>();
        List<ImportError> errors = new ArrayList<>();
        for (Supplier<? extends DagDefinition> supplier : suppliers) {
            String origin = origin(supplier);
            Dag dag;
            try {
                DagDefinition definition = supplier.get();
                if (!(supplier instanceof FamilyMember)) {
                    origin = definition.getClass().getName();
                }
                dag = definition.define();
                if (dag == null) {
                    errors.add(new ImportError(origin, null, origin + ".define() returned null"));
                    continue;
                }
            } catch (DagValidationException e) {
                errors.add(new ImportError(origin, e.dagId(), e.getMessage()));
                continue;
            } catch (RuntimeException | LinkageError e) {
                errors.add(new ImportError(origin, null, describe(origin, e)));
                continue;
            }
            String first = definedBy.putIfAbsent(dag.dagId(), origin);
            if (first != null) {
                errors.add(new ImportError(origin, dag.dagId(), "DAG '" + dag.dagId() + "' is defined by both " + first
                        + " and " + origin + "; the one in " + origin + " is ignored"));
                continue;
            }
            dags.put(dag.dagId(), dag.source() == null ? dag.withSource(origin) : dag);
        }
        // A cycle through datasets would trigger its DAGs forever: each DAG on it is an import error, the rest load.
        DatasetCycles.find(dags.values()).forEach((dagId, cycle) -> {
            Dag dag = dags.remove(dagId);
            errors.add(new ImportError(dag.source(), dagId, "DAG '" + dagId + "' is on a cycle through datasets: "
                    + cycle));
        });
        return new DagBag(dags, errors);
    }

    /** Loaded DAGs by id, in load order. */
    public Map<String, Dag> dags() {
        return dags;
    }

    public Dag dag(String dagId) {
        Dag d = dags.get(dagId);
        if (d == null) {
            throw new IllegalArgumentException("no DAG '" + dagId + "' loaded; loaded: " + dags.keySet());
        }
        return d;
    }

    public List<ImportError> importErrors() {
        return importErrors;
    }

    private static String describe(String origin, Throwable e) {
        Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return origin + " failed to define its DAG: " + cause.getClass().getName() + message;
    }

    private static String origin(Supplier<?> supplier) {
        if (supplier instanceof FamilyMember member) {
            return member.family;
        }
        return supplier instanceof ClassSupplier cs ? cs.type.getName() : supplier.getClass().getName();
    }

    /** A member of a {@link DagFamily}: its source is the family's class (members are often lambdas). */
    private record FamilyMember(String family, DagDefinition definition) implements Supplier<DagDefinition> {
        @Override
        public DagDefinition get() {
            return definition;
        }
    }

    private static Supplier<DagDefinition> named(DagDefinition definition) {
        return () -> definition;
    }

    private record ClassSupplier(Class<? extends DagDefinition> type) implements Supplier<DagDefinition> {
        @Override
        public DagDefinition get() {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
                throw new IllegalStateException("cannot instantiate " + type.getName() + ": " + cause, cause);
            }
        }
    }
}
