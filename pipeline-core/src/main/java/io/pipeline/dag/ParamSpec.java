package io.pipeline.dag;

import java.util.Objects;

/**
 * A declared DAG parameter: a run's conf is validated against these (type, required) and defaults fill the gaps.
 * Build with the typed factories, e.g. {@code ParamSpec.string("symbols").required(true)} or
 * {@code ParamSpec.integer("lookback_days").withDefault(5)}.
 */
public record ParamSpec(String name, Type type, boolean required, Object defaultValue, String description) {
    public enum Type { STRING, INTEGER, NUMBER, BOOLEAN, DATE, ARRAY, OBJECT }

    public ParamSpec {
        String problem = Ids.problem("param", name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Objects.requireNonNull(type, "param '" + name + "': type");
        if (defaultValue != null) {
            String typeProblem = ParamValidator.typeProblem(type, defaultValue);
            if (typeProblem != null) {
                throw new IllegalArgumentException("param '" + name + "': default value " + typeProblem);
            }
        }
    }

    public static ParamSpec of(String name, Type type) {
        return new ParamSpec(name, type, false, null, null);
    }

    public static ParamSpec string(String name) {
        return of(name, Type.STRING);
    }

    public static ParamSpec integer(String name) {
        return of(name, Type.INTEGER);
    }

    public static ParamSpec number(String name) {
        return of(name, Type.NUMBER);
    }

    public static ParamSpec bool(String name) {
        return of(name, Type.BOOLEAN);
    }

    /** An ISO date, {@code YYYY-MM-DD}. */
    public static ParamSpec date(String name) {
        return of(name, Type.DATE);
    }

    public static ParamSpec array(String name) {
        return of(name, Type.ARRAY);
    }

    public static ParamSpec object(String name) {
        return of(name, Type.OBJECT);
    }

    /** {@code required(true)}: a run must give it (or it has a default). */
    public ParamSpec required(boolean value) {
        return new ParamSpec(name, type, value, defaultValue, description);
    }

    public ParamSpec withDefault(Object value) {
        return new ParamSpec(name, type, required, value, description);
    }

    public ParamSpec describedAs(String text) {
        return new ParamSpec(name, type, required, defaultValue, text);
    }
}
