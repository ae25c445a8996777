package io.pipeline.calendar.exchange.world;

import io.pipeline.calendar.ExchangeRules;
import io.pipeline.calendar.exchange.XbomRules;
import io.pipeline.calendar.exchange.XsesRules;
import io.pipeline.calendar.rules.Holidays;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The festival rules of XSES and XBOM (FestivalRules) against every published year the rules classes hold, and the
 * tables the calendars read for 2027-2036 against the rules' output.
 */
class FestivalRulesTest {

    /** BSE list names of each computed festival (the lists spell some differently from year to year). */
    private static final Map<String, String> BSE_NAMES = new LinkedHashMap<>();

    static {
        BSE_NAMES.put("Mahashivratri", "Mahashivratri");
        BSE_NAMES.put("Holi", "Holi");
        BSE_NAMES.put("Id-Ul-Fitr (Ramzan Id)", "Id-Ul-Fitr");
        BSE_NAMES.put("Shri Ram Navami", "Ram Nav");
        BSE_NAMES.put("Shri Mahavir Jayanti", "Mahavir Jayanti");
        BSE_NAMES.put("Bakri Id", "Bakri Id");
        BSE_NAMES.put("Muharram", "Muharram|Moharram");
        BSE_NAMES.put("Ganesh Chaturthi", "Ganesh Chaturthi");
        BSE_NAMES.put("Dussehra", "Dussehra");
        BSE_NAMES.put("Diwali Laxmi Pujan", "Laxmi Pujan");
        BSE_NAMES.put("Diwali Balipratipada", "Balipratipada");
        BSE_NAMES.put("Prakash Gurpurb Sri Guru Nanak Dev", "Guru ?[Nn]anak");
    }

    @Test
    void meeus_new_and_full_moons_match_the_published_instants() {
        // USNO Astronomical Applications, phases of the moon (UT, to the minute).
        assertWithinMinutes(MoonAndSun.newMoonAfter(Instant.parse("2021-11-01T00:00:00Z")), "2021-11-04T21:14:00Z", 2);
        assertWithinMinutes(MoonAndSun.newMoonAfter(Instant.parse("2023-11-10T00:00:00Z")), "2023-11-13T09:27:00Z", 2);
        assertWithinMinutes(MoonAndSun.newMoonAfter(Instant.parse("2024-04-01T00:00:00Z")), "2024-04-08T18:21:00Z", 2);
        assertWithinMinutes(MoonAndSun.newMoonAfter(Instant.parse("2024-10-25T00:00:00Z")), "2024-11-01T12:47:00Z", 2);
        assertWithinMinutes(MoonAndSun.fullMoonAfter(Instant.parse("2021-05-11T19:00:00Z")), "2021-05-26T11:14:00Z", 2);
        assertWithinMinutes(MoonAndSun.fullMoonAfter(Instant.parse("2024-11-01T12:47:00Z")), "2024-11-15T21:28:00Z", 2);
    }

    @Test
    void icus_new_moons_stay_within_twenty_minutes_of_meeus_through_2036() {
        // ICU's lunar theory gives the tithi boundaries between new and full moon; its error at the new moons,
        // where Meeus is exact to seconds, bounds theirs (the accuracy stated in the decision record).
        long worst = 0;
        Instant nm = MoonAndSun.newMoonAfter(Instant.parse("2021-01-01T00:00:00Z"));
        while (nm.isBefore(Instant.parse("2037-01-01T00:00:00Z"))) {
            Instant icu = MoonAndSun.elongationAfter(nm.minus(Duration.ofDays(2)), 0);
            worst = Math.max(worst, Math.abs(Duration.between(nm, icu).toMinutes()));
            nm = MoonAndSun.newMoonAfter(nm.plus(Duration.ofDays(1)));
        }
        assertThat(worst).isLessThanOrEqualTo(20);
    }

    @Test
    void singapore_rules_give_the_gazetted_festivals_of_2021_to_2026_except_hari_raya_puasa_2022() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (int year = 2021; year <= 2026; year++) {
            Map<LocalDate, String> gazetted = XsesRules.festivals(year);
            for (FestivalRules.Festival f : FestivalRules.singapore(year)) {
                checked++;
                if (!f.name().equals(gazetted.get(f.date()))) {
                    LocalDate published = gazetted.entrySet().stream().filter(e -> e.getValue().equals(f.name()))
                            .map(Map.Entry::getKey).findFirst().orElse(null);
                    mismatches.add(f.name() + " " + year + ": rule " + f.date() + ", gazetted " + published);
                }
            }
        }
        assertThat(checked).isEqualTo(24);
        // MOM gazetted 3 May 2022 (CNA, 21 October 2021); on 1 May at Singapore sunset the moon stood 5 degrees high
        // and 7 degrees from the sun, above the criteria, so the rule starts Shawwal on 2 May.
        assertThat(mismatches).containsExactly("Hari Raya Puasa 2022: rule 2022-05-02, gazetted 2022-05-03");
    }

    @Test
    void india_rules_give_every_festival_of_the_bse_lists_of_2024_to_2026() {
        ExchangeRules xbom = new XbomRules();
        int checked = 0;
        for (int year = 2024; year <= 2026; year++) {
            Map<LocalDate, String> published = XbomRules.publishedClosures(year);
            List<FestivalRules.Festival> rule = FestivalRules.india(year);
            assertThat(rule).extracting(FestivalRules.Festival::name).containsAll(BSE_NAMES.keySet());
            for (FestivalRules.Festival f : rule) {
                if (Holidays.isWeekend(f.date())) {
                    // Not on the lists, which leave weekend holidays out; nothing to compare.
                    continue;
                }
                checked++;
                if (f.name().equals("Diwali Laxmi Pujan")) {
                    // A Muhurat session, at other hours than the regular one, rather than a closure.
                    assertThat(xbom.session(f.date())).as("Muhurat session on %s", f.date()).isPresent();
                    assertThat(xbom.session(f.date()).orElseThrow().open())
                            .isAfter(xbom.regularSession(f.date()).open());
                    continue;
                }
                assertThat(published.get(f.date())).as("%s %s by the rule", f.name(), f.date())
                        .isNotNull().containsPattern(BSE_NAMES.get(f.name()));
            }
            // And the other way: each festival on the list is on the rule's date.
            published.forEach((date, name) -> BSE_NAMES.forEach((ruleName, pattern) -> {
                if (java.util.regex.Pattern.compile(pattern).matcher(name).find()) {
                    assertThat(rule).as("%s listed on %s", name, date)
                            .anyMatch(f -> f.name().equals(ruleName) && f.date().equals(date));
                }
            }));
        }
        assertThat(checked).isEqualTo(26);
    }

    @Test
    void india_rules_against_the_bse_lists_of_2016_and_2021_outside_the_calendars_range() {
        // BSE Notice 20151207-4 (7 December 2015), "Trading Holidays for the Calendar Year 2016 for Equity Segment",
        // with Diwali Laxmi Pujan (Muhurat trading) on Sunday 30 October; BSE's 2021 list as Moneycontrol
        // republished it (28 December 2020), Muhurat trading on 4 November. Weekday festivals only, as listed.
        Map<String, String> bse2016 = Map.ofEntries(Map.entry("Mahashivratri", "2016-03-07"),
                Map.entry("Holi", "2016-03-24"), Map.entry("Shri Ram Navami", "2016-04-15"),
                Map.entry("Shri Mahavir Jayanti", "2016-04-19"), Map.entry("Id-Ul-Fitr (Ramzan Id)", "2016-07-06"),
                Map.entry("Ganesh Chaturthi", "2016-09-05"), Map.entry("Bakri Id", "2016-09-13"),
                Map.entry("Dussehra", "2016-10-11"), Map.entry("Muharram", "2016-10-12"),
                Map.entry("Diwali Laxmi Pujan", "2016-10-30"), Map.entry("Diwali Balipratipada", "2016-10-31"),
                Map.entry("Prakash Gurpurb Sri Guru Nanak Dev", "2016-11-14"));
        Map<String, String> bse2021 = Map.ofEntries(Map.entry("Mahashivratri", "2021-03-11"),
                Map.entry("Holi", "2021-03-29"), Map.entry("Shri Ram Navami", "2021-04-21"),
                Map.entry("Id-Ul-Fitr (Ramzan Id)", "2021-05-13"), Map.entry("Bakri Id", "2021-07-21"),
                Map.entry("Muharram", "2021-08-19"), Map.entry("Ganesh Chaturthi", "2021-09-10"),
                Map.entry("Dussehra", "2021-10-15"), Map.entry("Diwali Laxmi Pujan", "2021-11-04"),
                Map.entry("Diwali Balipratipada", "2021-11-05"), Map.entry("Prakash Gurpurb Sri Guru Nanak Dev",
                        "2021-11-19"));
        List<String> mismatches = new ArrayList<>();
        int compared = compare(2016, bse2016, mismatches) + compare(2021, bse2021, mismatches);
        assertThat(compared).isEqualTo(23);
        // 19 of 23 agree. Holi 2016: the Purnima held the evening of 22 March (Holika Dahan), BSE closed on the
        // 24th, the day after the Purnima ended. The Islamic days: the Umm al-Qura table plus one day overshoots
        // India's date where the date was set without the extra day (Id-Ul-Fitr 2016 and 2021) and ICU's
        // Umm al-Qura 1437 Dhu al-Hijjah begins a day before Saudi Arabia's announced one (Bakri Id 2016).
        assertThat(mismatches).containsExactly(
                "Holi 2016: rule 2016-03-23, BSE 2016-03-24",
                "Id-Ul-Fitr (Ramzan Id) 2016: rule 2016-07-07, BSE 2016-07-06",
                "Bakri Id 2016: rule 2016-09-12, BSE 2016-09-13",
                "Id-Ul-Fitr (Ramzan Id) 2021: rule 2021-05-14, BSE 2021-05-13");
    }

    @Test
    void vesak_day_by_the_rule_matches_singapore_2016_to_2020() {
        // officeholidays.com, Vesak Day in Singapore: 21 May 2016, 10 May 2017, 29 May 2018, 19 May 2019, 7 May 2020.
        assertThat(List.of(2016, 2017, 2018, 2019, 2020)).extracting(XsesRules::vesakDay).containsExactly(
                LocalDate.of(2016, 5, 21), LocalDate.of(2017, 5, 10), LocalDate.of(2018, 5, 29),
                LocalDate.of(2019, 5, 19), LocalDate.of(2020, 5, 7));
    }

    /** Compares the rule's dates with a list's; returns how many of the list's festivals were compared. */
    private static int compare(int year, Map<String, String> published, List<String> mismatches) {
        List<FestivalRules.Festival> rule = FestivalRules.india(year);
        int compared = 0;
        for (FestivalRules.Festival f : rule) {
            String listed = published.get(f.name());
            if (listed != null) {
                compared++;
                if (!listed.equals(f.date().toString())) {
                    mismatches.add(f.name() + " " + year + ": rule " + f.date() + ", BSE " + listed);
                }
            }
        }
        assertThat(rule).extracting(FestivalRules.Festival::name).containsAll(published.keySet());
        return compared;
    }

    @Test
    void the_tables_of_the_computed_years_are_the_rules_output() {
        for (int year = 2027; year <= 2036; year++) {
            List<String> singapore = FestivalRules.singapore(year).stream().map(Object::toString).toList();
            assertThat(XsesRules.computedFestivalRows(year)).as("XSES %d, rule gives %s", year, singapore)
                    .containsExactlyElementsOf(singapore);
            List<String> india = FestivalRules.india(year).stream().map(Object::toString).toList();
            assertThat(XbomRules.computedFestivalRows(year)).as("XBOM %d, rule gives %s", year, india)
                    .containsExactlyElementsOf(india);
        }
        assertThat(XsesRules.computedFestivalRows(2026)).isEmpty();
        assertThat(XbomRules.computedFestivalRows(2026)).isEmpty();
        assertThat(XsesRules.computedFestivalRows(2037)).isEmpty();
    }

    private static void assertWithinMinutes(Instant actual, String expected, long minutes) {
        assertThat(Math.abs(Duration.between(Instant.parse(expected), actual).toSeconds()))
                .as("%s vs %s", actual, expected).isLessThanOrEqualTo(minutes * 60);
    }
}
