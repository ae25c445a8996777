package io.pipeline.dag;

import java.util.List;

/**
 * A class that defines several similar DAGs in code (one per table, per desk, per venue...), found on the class path
 * like a {@link DagDefinition}. Each member is loaded on its own, as if it were its own class: one that throws or
 * fails validation is an import error for that DAG alone. A family whose {@code definitions()} throws is one import
 * error named after the family's class. Members are the family's DAGs, with the family's class as their source;
 * make them lambdas or private classes with constructor arguments, not classes the scanner would find on their own.
 */
public interface DagFamily {
    List<DagDefinition> definitions();
}
