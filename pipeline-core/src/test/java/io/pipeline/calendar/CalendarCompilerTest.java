package io.pipeline.calendar;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static io.pipeline.calendar.TestExchange.at;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules that cannot be right fail the build with the calendar and the date named. */
class CalendarCompilerTest {

    @Test
    void a_weekday_closure_without_a_name_fails_the_build() {
        ExchangeRules unnamed = new TestExchange() {
            @Override
            public String closureName(LocalDate date) {
                return null;
            }
        };
        assertThatThrownBy(() -> IndexedCalendar.compile(unnamed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TEST: weekday 2024-01-03 is not a session but has no closure name");
    }

    @Test
    void a_session_labelled_with_another_date_fails_the_build() {
        ExchangeRules mislabelled = new TestExchange() {
            @Override
            public Optional<Session> session(LocalDate date) {
                return super.session(date).map(s -> Session.of(date.plusDays(1), s.open(), s.close()));
            }
        };
        assertThatThrownBy(() -> IndexedCalendar.compile(mislabelled))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session asked for 2024-01-02 is labelled 2024-01-03");
    }

    @Test
    void overlapping_sessions_fail_the_build() {
        ExchangeRules overlapping = new TestExchange() {
            @Override
            public Optional<Session> session(LocalDate date) {
                return super.session(date).map(s -> Session.of(date, s.open(), at(date.plusDays(2), 11, 0)));
            }
        };
        assertThatThrownBy(() -> IndexedCalendar.compile(overlapping))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session 2024-01-04 opens at")
                .hasMessageContaining("before session 2024-01-02 closes");
    }
}
