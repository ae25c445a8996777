package io.pipeline.calendar.exchange;

import java.time.ZoneId;

/** Euronext Amsterdam, Europe/Amsterdam: the Euronext cash-market calendar ({@link EuronextRules}). */
public final class XamsRules extends EuronextRules {

    public XamsRules() {
        super("XAMS", "Euronext Amsterdam", ZoneId.of("Europe/Amsterdam"));
    }
}
