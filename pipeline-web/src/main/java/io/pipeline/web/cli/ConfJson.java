package io.pipeline.web.cli;

import io.pipeline.cli.BadInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Parses {@code --conf}. Kept out of the command classes: picocli links every command class when it builds the
 * command tree, and a catch of a Jackson exception there would load Jackson for every command.
 */
final class ConfJson {

    private ConfJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String value) {
        if (value == null) {
            return Map.of();
        }
        try {
            Object parsed = JsonMapper.builder().build().readValue(value, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            throw new BadInputException("--conf: not valid JSON: " + e.getOriginalMessage());
        }
        throw new BadInputException("--conf: must be a JSON object, e.g. {\"source\": \"backup\"}");
    }
}
