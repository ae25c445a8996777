package io.pipeline.objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected ObjectStore newStore() {
        return LocalObjectStore.underDataDir(dataDir);
    }

    @Test
    void stores_objects_as_files_under_data_dir_objects() throws IOException {
        store.putString("raw/2026-11-20/AAPL.csv", "x");

        assertThat(Files.readString(dataDir.resolve("objects/raw/2026-11-20/AAPL.csv"))).isEqualTo("x");
    }

    @Test
    void a_failed_stream_write_leaves_neither_the_object_nor_a_temporary_file() {
        store.putString("k/x.csv", "old");
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100) {
                    throw new IOException("connection reset");
                }
                return 'a';
            }
        };

        assertThatThrownBy(() -> store.put("k/x.csv", failing, 1000))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining("k/x.csv")
                .hasMessageContaining("connection reset");
        assertThat(store.getString("k/x.csv")).isEqualTo("old");
        assertThat(dataDir.resolve("objects/k").toFile().list()).containsExactly("x.csv");
    }

    @Test
    void a_short_stream_fails_the_write() {
        assertThatThrownBy(() -> store.put("k/y", InputStream.nullInputStream(), 10))
                .hasMessageContaining("expected 10 bytes");
        assertThat(store.exists("k/y")).isFalse();
    }

    @Test
    void temporary_files_are_not_listed() throws IOException {
        Files.createDirectories(dataDir.resolve("objects/k"));
        Files.writeString(dataDir.resolve("objects/k/" + LocalObjectStore.TEMP_PREFIX + "123.part"), "half");
        store.putString("k/done", "x");

        assertThat(store.list("k/")).containsExactly("k/done");
    }
}
