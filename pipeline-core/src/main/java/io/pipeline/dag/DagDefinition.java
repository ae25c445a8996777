package io.pipeline.dag;

/**
 * Implemented by every DAG class in pipeline-dags (one class per DAG). The application finds implementations on the
 * classpath; a definition that throws or fails validation becomes an import error for that DAG alone.
 */
public interface DagDefinition {
    Dag define();
}
