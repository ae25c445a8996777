package io.pipeline.task;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type captured by an anonymous subclass, for reading outputs of generic types:
 * {@code ctx.input("extract", new TypeToken<List<String>>() {})}. Plain Java, so that the task SPI and the DAG DSL
 * depend on no JSON library; the engine hands {@link #type()} to its JSON reader.
 */
public abstract class TypeToken<T> {
    private final Type type;

    protected TypeToken() {
        if (!(getClass().getGenericSuperclass() instanceof ParameterizedType p)) {
            throw new IllegalStateException("a TypeToken needs its type argument: new TypeToken<List<String>>() {}");
        }
        this.type = p.getActualTypeArguments()[0];
    }

    public Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "TypeToken<" + type.getTypeName() + ">";
    }
}
