package io.pipeline.task;

/** The outcome of one sensor poke: done (with an optional output) or not yet. */
public record PokeResult(boolean done, Object output) {
    public static PokeResult met() {
        return new PokeResult(true, null);
    }

    public static PokeResult met(Object output) {
        return new PokeResult(true, output);
    }

    public static PokeResult notYet() {
        return new PokeResult(false, null);
    }
}
