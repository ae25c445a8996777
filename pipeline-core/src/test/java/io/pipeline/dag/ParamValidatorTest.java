package io.pipeline.dag;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamValidatorTest {

    private static Map<String, ParamSpec> specs(ParamSpec... specs) {
        Map<String, ParamSpec> out = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            out.put(s.name(), s);
        }
        return out;
    }

    @Test
    void fills_defaults_overlays_conf_and_passes_unknown_keys_through() {
        Map<String, Object> params = ParamValidator.validate(
                specs(ParamSpec.integer("days").withDefault(5), ParamSpec.string("venue").withDefault("XNYS")),
                Map.of("venue", "XLON", "note", "rerun"));
        assertThat(params).containsExactlyInAnyOrderEntriesOf(Map.of("days", 5, "venue", "XLON", "note", "rerun"));
    }

    @Test
    void reports_missing_required_params_by_name() {
        assertThatThrownBy(() -> ParamValidator.validate(specs(ParamSpec.array("symbols").required(true)), Map.of()))
                .isInstanceOf(ParamValidationException.class)
                .hasMessage("invalid conf: param 'symbols' is required");
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("symbols", null);
        assertThatThrownBy(() -> ParamValidator.validate(specs(ParamSpec.array("symbols").required(true)), explicitNull))
                .hasMessageContaining("param 'symbols' is required");
    }

    @Test
    void a_required_param_with_a_default_need_not_be_given() {
        assertThat(ParamValidator.validate(specs(ParamSpec.bool("dry").required(true).withDefault(false)), null))
                .containsEntry("dry", false);
    }

    @Test
    void checks_each_type_and_names_the_param_and_the_value() {
        assertThatThrownBy(() -> ParamValidator.validate(specs(
                ParamSpec.integer("days"), ParamSpec.string("venue"), ParamSpec.date("from"),
                ParamSpec.object("opts"), ParamSpec.bool("dry")),
                Map.of("days", 2.5, "venue", 7, "from", "2024-13-01", "opts", List.of(), "dry", "yes")))
                .isInstanceOfSatisfying(ParamValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "param 'days' must be an integer, got Double 2.5",
                        "param 'venue' must be a string, got Integer 7",
                        "param 'from' must be a date (YYYY-MM-DD), got String \"2024-13-01\"",
                        "param 'opts' must be an object, got ListN []",
                        "param 'dry' must be a boolean, got String \"yes\""));
    }

    @Test
    void accepts_the_values_jackson_produces_for_each_type() {
        Map<String, Object> params = ParamValidator.validate(specs(
                        ParamSpec.integer("i"), ParamSpec.integer("big"), ParamSpec.number("n"), ParamSpec.date("d"),
                        ParamSpec.date("ld"), ParamSpec.array("a"), ParamSpec.object("o")),
                Map.of("i", 3L, "big", BigInteger.TEN, "n", 1.5, "d", "2024-03-15", "ld", LocalDate.of(2024, 1, 2),
                        "a", List.of(1), "o", Map.of("k", 1)));
        assertThat(params).hasSize(7);
    }

    @Test
    void a_default_of_the_wrong_type_is_refused_when_declared() {
        assertThatThrownBy(() -> ParamSpec.integer("days").withDefault("five"))
                .hasMessage("param 'days': default value must be an integer, got String \"five\"");
    }
}
