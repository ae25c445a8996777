package io.pipeline.calendar.exchange;

import java.time.ZoneId;

/** Euronext Paris, Europe/Paris: the Euronext cash-market calendar ({@link EuronextRules}). */
public final class XparRules extends EuronextRules {

    public XparRules() {
        super("XPAR", "Euronext Paris", ZoneId.of("Europe/Paris"));
    }
}
