package io.pipeline.objects;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every {@link ObjectStore} must have; run against each implementation. */
abstract class ObjectStoreContract {

    protected ObjectStore store;

    protected abstract ObjectStore newStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void put_then_get_returns_the_same_bytes() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 10, 13};
        store.put("raw/2026-11-20/AAPL.csv", bytes);

        assertThat(store.get("raw/2026-11-20/AAPL.csv")).isEqualTo(bytes);
        assertThat(store.exists("raw/2026-11-20/AAPL.csv")).isTrue();
    }

    @Test
    void put_replaces_an_existing_object() {
        store.putString("a/b.txt", "first version, longer");
        store.putString("a/b.txt", "second");

        assertThat(store.getString("a/b.txt")).isEqualTo("second");
    }

    @Test
    void put_from_a_stream_stores_its_bytes_and_open_streams_them_back() throws Exception {
        byte[] bytes = "symbol,ts\nAAPL,2026-11-20T14:30:00Z\n".getBytes(StandardCharsets.UTF_8);
        store.put("s/x.csv", new ByteArrayInputStream(bytes), bytes.length);

        try (InputStream in = store.open("s/x.csv")) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void get_of_a_missing_key_throws_not_found_naming_the_key() {
        assertThatThrownBy(() -> store.get("missing/key.csv"))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("missing/key.csv");
        assertThat(store.exists("missing/key.csv")).isFalse();
    }

    @Test
    void list_returns_keys_under_a_prefix_in_order() {
        store.putString("raw/2026-11-20/MSFT.csv", "m");
        store.putString("raw/2026-11-20/AAPL.csv", "a");
        store.putString("raw/2026-11-21/AAPL.csv", "a2");
        store.putString("reports/r.json", "{}");

        assertThat(store.list("raw/2026-11-20/")).containsExactly("raw/2026-11-20/AAPL.csv", "raw/2026-11-20/MSFT.csv");
        assertThat(store.list("raw/")).hasSize(3);
        assertThat(store.list("")).containsExactly("raw/2026-11-20/AAPL.csv", "raw/2026-11-20/MSFT.csv",
                "raw/2026-11-21/AAPL.csv", "reports/r.json");
        assertThat(store.list("nothing/")).isEmpty();
    }

    @Test
    void list_with_a_partial_segment_prefix_matches_by_string_prefix() {
        store.putString("vendor/fund_2026.csv", "x");
        store.putString("vendor/fundamentals.csv", "y");
        store.putString("vendor/other.csv", "z");

        assertThat(store.list("vendor/fund")).containsExactly("vendor/fund_2026.csv", "vendor/fundamentals.csv");
    }

    @Test
    void match_applies_single_and_double_star_wildcards() {
        store.putString("vendor/2026-11-20/fundamentals_1.csv", "1");
        store.putString("vendor/2026-11-20/fundamentals_2.csv.gz", "2");
        store.putString("vendor/2026-11-20/sub/fundamentals_3.csv", "3");
        store.putString("vendor/2026-11-21/fundamentals_1.csv", "4");

        assertThat(store.match("vendor/2026-11-20/fundamentals_*.csv"))
                .containsExactly("vendor/2026-11-20/fundamentals_1.csv");
        assertThat(store.match("vendor/2026-11-20/**.csv"))
                .containsExactly("vendor/2026-11-20/fundamentals_1.csv", "vendor/2026-11-20/sub/fundamentals_3.csv");
        assertThat(store.match("vendor/*/fundamentals_?.csv")).hasSize(2);
        assertThat(store.match("vendor/2026-11-22/*")).isEmpty();
    }

    @Test
    void delete_removes_the_object_and_reports_whether_there_was_one() {
        store.putString("d/x", "x");

        assertThat(store.delete("d/x")).isTrue();
        assertThat(store.exists("d/x")).isFalse();
        assertThat(store.delete("d/x")).isFalse();
    }

    @Test
    void rejects_keys_that_could_escape_or_are_malformed() {
        for (String bad : new String[] {"../etc/passwd", "a/../../b", "/abs/path", "a//b", "a\\b", "", "a/./b", "a/"}) {
            assertThatThrownBy(() -> store.putString(bad, "x"))
                    .as("key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("object key");
        }
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void location_names_the_key() {
        assertThat(store.location("raw/x.csv")).endsWith("raw/x.csv");
    }

    @Test
    void empty_objects_are_stored_and_read() {
        store.put("empty", new byte[0]);

        assertThat(store.exists("empty")).isTrue();
        assertThat(store.get("empty")).isEmpty();
    }
}
