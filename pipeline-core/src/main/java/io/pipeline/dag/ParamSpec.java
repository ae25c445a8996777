package io.pipeline.dag;

/** A declared DAG parameter: a run's conf is validated against these (type, required) and defaults fill the gaps. */
public record ParamSpec(String name, Type type, boolean required, Object defaultValue, String description) {
    public enum Type { STRING, INTEGER, NUMBER, BOOLEAN, DATE, ARRAY, OBJECT }
}
