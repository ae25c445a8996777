package io.pipeline.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Reading outputs and mapped items: the parser-free path for plain integers and strings answers as Jackson does. */
class XComCodecTest {

    private final XComCodec codec = new XComCodec();
    private final tools.jackson.databind.json.JsonMapper jackson = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    private static final List<String> TEXTS = List.of("0", "-0", "7", "-7", "123456789", "-123456789", "1234567890",
            "2147483647", "2147483648", "-2147483648", "123456789012345678", "1234567890123456789",
            "9223372036854775807", "9223372036854775808", "007", "-", "", " 1", "1 ", "1.0", "1e3", "+1", "null",
            "true", "\"\"", "\"AAPL\"", "\"a b\"", "\"caf\u00e9 \u20ac\"", "\"esc\\\"aped\"", "\"tab\\tbed\"",
            "\"new\\nline\"", "\"uni\\u0041\"", "\"\"\"", "\"open", "open\"", "\"", "[1]", "{\"a\":1}", "\"1\"");

    @Test
    void plain_integers_and_strings_read_as_jackson_reads_them() {
        for (Class<?> type : List.of(Integer.class, Long.class, String.class)) {
            for (String text : TEXTS) {
                Object expected;
                Class<?> expectedError = null;
                try {
                    expected = jackson.readValue(text, type);
                } catch (RuntimeException e) {
                    expected = null;
                    expectedError = e.getClass();
                }
                Object[] got = new Object[1];
                Throwable error = catchThrowable(() -> got[0] = codec.read(text, type, "item"));
                if (expectedError != null) {
                    assertThat(error).as(type.getSimpleName() + " from " + text).isNotNull();
                } else {
                    assertThat(error).as(type.getSimpleName() + " from " + text).isNull();
                    assertThat(got[0]).as(type.getSimpleName() + " from " + text).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void the_parser_free_path_takes_only_what_it_reads_exactly() {
        assertThat(XComCodec.plainScalar("42", Integer.class)).isEqualTo(42);
        assertThat(XComCodec.plainScalar("-42", Long.class)).isEqualTo(-42L);
        assertThat(XComCodec.plainScalar("\"MSFT\"", String.class)).isEqualTo("MSFT");
        assertThat(XComCodec.plainScalar("1234567890", Integer.class)).as("may overflow: left to Jackson").isNull();
        assertThat(XComCodec.plainScalar("\"a\\\"b\"", String.class)).as("escapes: left to Jackson").isNull();
        assertThat(XComCodec.plainScalar("42", Double.class)).as("other types: left to Jackson").isNull();
        assertThat(codec.read(null, Integer.class, "item")).isNull();
    }
}
