package io.pipeline.task;

/** The outcome of one sensor poke: met (with an optional output) or not yet. */
public record PokeResult(boolean met, Object output) {
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
