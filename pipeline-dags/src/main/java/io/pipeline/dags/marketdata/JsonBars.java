package io.pipeline.dags.marketdata;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses a provider's JSON array of bar objects, naming the element and field that is wrong. */
final class JsonBars {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonBars() {
    }

    static <T> List<T> parse(byte[] body, String symbol, String request, Function<Element, T> mapper) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ProviderException(symbol, request, "malformed JSON (" + firstLine(e.getOriginalMessage()) + ")", e);
        }
        return parse(root, symbol, request, mapper);
    }

    /** As {@link #parse(byte[], String, String, Function)}, for an array already read (e.g. a vendor's results). */
    static <T> List<T> parse(JsonNode root, String symbol, String request, Function<Element, T> mapper) {
        if (root == null || !root.isArray()) {
            String kind = root == null ? "nothing" : root.getNodeType().toString().toLowerCase();
            String detail = VendorHttp.errorField(root).map(m -> ": " + m).orElse("");
            throw new ProviderException(symbol, request, "expected a JSON array of bars but got " + kind + detail, null);
        }
        List<T> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            out.add(mapper.apply(new Element(root.get(i), i, symbol, request)));
        }
        return out;
    }

    record Element(JsonNode node, int index, String symbol, String request) {
        double number(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull() || !(v.isNumber() || v.isString() && isNumeric(v.asString()))) {
                throw new ProviderException(symbol, request, "element " + index + ": field '" + field
                        + "' is missing or not a number (" + v + ")", null);
            }
            return v.asDouble();
        }

        Double optionalNumber(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? null : number(field);
        }

        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || !v.isValueNode() || v.asString().isEmpty()) {
                throw new ProviderException(symbol, request, "element " + index + ": field '" + field + "' is missing", null);
            }
            return v.asString();
        }

        ProviderException bad(String what, Exception cause) {
            return new ProviderException(symbol, request, "element " + index + ": " + what, cause);
        }

        private static boolean isNumeric(String s) {
            try {
                Double.parseDouble(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
