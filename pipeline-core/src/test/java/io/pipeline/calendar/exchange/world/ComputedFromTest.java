package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.BvmfRules;
import io.pipeline.calendar.exchange.XamsRules;
import io.pipeline.calendar.exchange.XbomRules;
import io.pipeline.calendar.exchange.XjseRules;
import io.pipeline.calendar.exchange.XkrxRules;
import io.pipeline.calendar.exchange.XmadRules;
import io.pipeline.calendar.exchange.XmexRules;
import io.pipeline.calendar.exchange.XmilRules;
import io.pipeline.calendar.exchange.XnzeRules;
import io.pipeline.calendar.exchange.XparRules;
import io.pipeline.calendar.exchange.XsesRules;
import io.pipeline.calendar.exchange.XshgRules;
import io.pipeline.calendar.exchange.XstoRules;
import io.pipeline.calendar.exchange.XswxRules;
import io.pipeline.calendar.exchange.XtaiRules;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each new calendar says from which date its days are computed rather than published, inside its bounds. */
class ComputedFromTest {

    @Test
    void computed_from_lies_between_the_first_and_the_last_date_of_each_calendar() {
        Map<ExchangeRules, LocalDate> computedFrom = new LinkedHashMap<>();
        XparRules xpar = new XparRules();
        computedFrom.put(xpar, xpar.computedFrom());
        XamsRules xams = new XamsRules();
        computedFrom.put(xams, xams.computedFrom());
        XmilRules xmil = new XmilRules();
        computedFrom.put(xmil, xmil.computedFrom());
        XmadRules xmad = new XmadRules();
        computedFrom.put(xmad, xmad.computedFrom());
        XswxRules xswx = new XswxRules();
        computedFrom.put(xswx, xswx.computedFrom());
        XstoRules xsto = new XstoRules();
        computedFrom.put(xsto, xsto.computedFrom());
        XjseRules xjse = new XjseRules();
        computedFrom.put(xjse, xjse.computedFrom());
        XnzeRules xnze = new XnzeRules();
        computedFrom.put(xnze, xnze.computedFrom());
        BvmfRules bvmf = new BvmfRules();
        computedFrom.put(bvmf, bvmf.computedFrom());
        XmexRules xmex = new XmexRules();
        computedFrom.put(xmex, xmex.computedFrom());
        XkrxRules xkrx = new XkrxRules();
        computedFrom.put(xkrx, xkrx.computedFrom());
        XshgRules xshg = new XshgRules();
        computedFrom.put(xshg, xshg.computedFrom());
        XsesRules xses = new XsesRules();
        computedFrom.put(xses, xses.computedFrom());
        XtaiRules xtai = new XtaiRules();
        computedFrom.put(xtai, xtai.computedFrom());
        XbomRules xbom = new XbomRules();
        computedFrom.put(xbom, xbom.computedFrom());

        computedFrom.forEach((rules, from) -> {
            assertThat(from).as(rules.code()).isAfter(rules.firstSession()).isBefore(rules.lastSession());
            assertThat(rules.lastSession()).as(rules.code()).isEqualTo(LocalDate.of(2036, 12, 31));
        });
        // The Johannesburg days are computed earlier: presidential declarations cannot be known ahead.
        assertThat(xjse.computedFrom()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(xshg.computedFrom()).isEqualTo(LocalDate.of(2027, 1, 1));
    }
}
