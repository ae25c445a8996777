package io.pipeline.calendar;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarsTest {

    @Test
    void lists_the_codes_of_issues_3_and_18_in_order() {
        assertThat(Calendars.codes()).containsExactly(
                "BVMF", "CMES", "US_BONDS", "XAMS", "XASX", "XBOM", "XETR", "XFRA", "XHKG", "XJSE", "XKRX", "XLON",
                "XMAD", "XMEX", "XMIL", "XNAS", "XNYS", "XNZE", "XPAR", "XSES", "XSHG", "XSTO", "XSWX", "XTAI", "XTKS",
                "XTSE");
    }

    @Test
    void all_calendars_come_sorted_by_code_and_carry_their_code() {
        assertThat(Calendars.all()).extracting(ExchangeCalendar::code).containsExactlyElementsOf(Calendars.codes());
    }

    @Test
    void a_calendar_is_built_once_and_shared() {
        assertThat(Calendars.get("XNYS")).isSameAs(Calendars.get("XNYS"));
    }

    @Test
    void codes_are_matched_without_regard_to_case() {
        assertThat(Calendars.get("us_bonds").code()).isEqualTo("US_BONDS");
    }

    @Test
    void an_unknown_code_fails_listing_the_valid_codes() {
        assertThatThrownBy(() -> Calendars.get("XXXX"))
                .isInstanceOf(UnknownCalendarException.class)
                .hasMessageStartingWith("unknown calendar 'XXXX'; valid codes: ")
                .hasMessageContaining(String.join(", ", Calendars.codes()));
        assertThatThrownBy(() -> Calendars.get(null)).isInstanceOf(UnknownCalendarException.class);
    }

    @Test
    void every_calendar_names_its_zone_and_exchange() {
        assertThat(Calendars.get("XNYS").zone().getId()).isEqualTo("America/New_York");
        assertThat(Calendars.get("XNAS").zone().getId()).isEqualTo("America/New_York");
        assertThat(Calendars.get("XLON").zone().getId()).isEqualTo("Europe/London");
        assertThat(Calendars.get("CMES").zone().getId()).isEqualTo("America/Chicago");
        assertThat(Calendars.get("XTSE").zone().getId()).isEqualTo("America/Toronto");
        assertThat(Calendars.get("US_BONDS").zone().getId()).isEqualTo("America/New_York");
        assertThat(Calendars.all()).allSatisfy(c -> assertThat(c.name()).isNotBlank());
    }

    @Test
    void infos_describe_every_calendar_like_the_built_calendars() {
        assertThat(Calendars.infos()).extracting(CalendarInfo::code).containsExactlyElementsOf(Calendars.codes());
        assertThat(Calendars.infos()).allSatisfy(info -> {
            ExchangeCalendar c = Calendars.get(info.code());
            assertThat(info.name()).isEqualTo(c.name());
            assertThat(info.zone()).isEqualTo(c.zone());
        });
    }

    @Test
    void rules_registered_under_another_code_are_refused() {
        Map<String, Supplier<? extends ExchangeRules>> rules = Map.of("OTHER", TestExchange::new);
        CalendarRegistry registry = new CalendarRegistry(rules);

        assertThatThrownBy(() -> registry.get("OTHER"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call themselves TEST");
    }
}
