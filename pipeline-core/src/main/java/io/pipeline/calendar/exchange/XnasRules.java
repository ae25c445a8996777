package io.pipeline.calendar.exchange;

/** Nasdaq: the same holidays, early closes, closures and 09:30-16:00 hours as the NYSE (Nasdaq Rule 4617). */
public final class XnasRules extends XnysRules {

    public XnasRules() {
        super("XNAS", "Nasdaq");
    }
}
