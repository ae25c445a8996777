package io.pipeline.web.production;

import java.util.List;

/** The {@code production} profile refuses to start; the message names every cause, one per line. */
public final class ProductionRefusedException extends IllegalStateException {

    private final List<String> causes;

    public ProductionRefusedException(List<String> causes) {
        super(message(causes));
        this.causes = List.copyOf(causes);
    }

    public List<String> causes() {
        return causes;
    }

    private static String message(List<String> causes) {
        StringBuilder text = new StringBuilder("The production profile refuses to start: " + causes.size()
                + " unsafe setting(s):");
        causes.forEach(c -> text.append("\n  - ").append(c));
        return text.toString();
    }
}
