package io.pipeline.web.ui;

import io.pipeline.dag.ParamSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trigger form built from a DAG's params: one field per param (text, number, true/false, date, or JSON for
 * arrays and objects), turned back into a conf map. A blank field leaves the param out, so its default applies.
 * Type errors name the param; the DAG's own validation ({@code ParamValidator}) runs after this.
 */
public final class ConfForm {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PREFIX = "param.";

    /** One field of the form: the param and the text to show in it. */
    public record Field(String name, String type, boolean required, String value, String description,
                        String input) {
    }

    private ConfForm() {
    }

    /** Fields for the params, filled from {@code entered} (field name without prefix to text) or the defaults. */
    public static List<Field> fields(Map<String, ParamSpec> params, Map<String, String> entered) {
        List<Field> out = new ArrayList<>();
        for (ParamSpec p : params.values()) {
            String value = entered.containsKey(p.name()) ? entered.get(p.name()) : text(p.defaultValue());
            out.add(new Field(p.name(), p.type().name().toLowerCase(), p.required(), value,
                    p.description() == null ? "" : p.description(), input(p.type())));
        }
        return out;
    }

    /** The entered param texts from a request's parameters ({@code param.<name>}). */
    public static Map<String, String> entered(Map<String, String> request) {
        Map<String, String> out = new LinkedHashMap<>();
        request.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                out.put(k.substring(PREFIX.length()), v);
            }
        });
        return out;
    }

    /**
     * The conf for the entered texts.
     *
     * @throws IllegalArgumentException naming every param whose text is not of its type
     */
    public static Map<String, Object> conf(Map<String, ParamSpec> params, Map<String, String> entered) {
        Map<String, Object> conf = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ParamSpec p : params.values()) {
            String text = entered.get(p.name());
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                conf.put(p.name(), parse(p.type(), text.strip()));
            } catch (IllegalArgumentException | JacksonException e) {
                problems.add("param '" + p.name() + "' must be " + p.type().name().toLowerCase() + ": '" + text + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return conf;
    }

    private static Object parse(ParamSpec.Type type, String text) {
        return switch (type) {
            case STRING, DATE -> text;
            case INTEGER -> {
                BigInteger big = new BigInteger(text);
                yield big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            case NUMBER -> new BigDecimal(text);
            case BOOLEAN -> switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(text);
            };
            case ARRAY -> JSON.readValue(text, new TypeReference<List<Object>>() { });
            case OBJECT -> JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        };
    }

    private static String input(ParamSpec.Type type) {
        return switch (type) {
            case INTEGER, NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case ARRAY, OBJECT -> "json";
            case STRING -> "text";
        };
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        return value instanceof List<?> || value instanceof Map<?, ?> ? JSON.writeValueAsString(value)
                : String.valueOf(value);
    }
}
