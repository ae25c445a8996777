package io.pipeline.calendar.exchange;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.ExchangeCalendar;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XnasRulesTest {

    @Test
    void nasdaq_keeps_the_nyse_sessions_over_the_whole_range_under_its_own_code() {
        ExchangeCalendar xnas = Calendars.get("XNAS");
        ExchangeCalendar xnys = Calendars.get("XNYS");

        assertThat(xnas.code()).isEqualTo("XNAS");
        assertThat(xnas.name()).isEqualTo("Nasdaq");
        assertThat(xnas.sessions(xnas.firstSession(), xnas.lastSession()))
                .containsExactlyElementsOf(xnys.sessions(xnys.firstSession(), xnys.lastSession()));
        assertThat(xnas.holidays(xnas.firstSession(), xnas.lastSession()))
                .isEqualTo(xnys.holidays(xnys.firstSession(), xnys.lastSession()));
    }
}
