package io.pipeline.objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Objects under string keys such as {@code raw/2026-11-20/AAPL.csv}: S3 when an S3 connection is configured,
 * otherwise a local directory. Keys are validated by {@link ObjectKeys}. Failures are {@link ObjectStoreException}s
 * naming the key and the store; a missing object is an {@link ObjectNotFoundException}.
 */
public interface ObjectStore {

    /** Stores the bytes under the key, replacing any object there. Readers never see a partial object. */
    void put(String key, byte[] bytes);

    /** Stores {@code length} bytes read from the stream (the caller closes it). */
    void put(String key, InputStream in, long length);

    byte[] get(String key);

    /** A stream of the object's bytes; the caller closes it. */
    InputStream open(String key);

    boolean exists(String key);

    /** Keys starting with the prefix (empty for all), in lexicographic order. */
    List<String> list(String prefix);

    /**
     * Keys matching a wildcard pattern, in lexicographic order: {@code *} matches within one path segment,
     * {@code **} across segments, {@code ?} one character other than {@code /}.
     */
    default List<String> match(String pattern) {
        KeyPattern p = KeyPattern.compile(pattern);
        return list(p.literalPrefix()).stream().filter(p::matches).toList();
    }

    /** Deletes the object; false when there was none. */
    boolean delete(String key);

    /** Where a key lives, for messages and for consumers outside the process: {@code s3://bucket/key} or {@code file:/...}. */
    String location(String key);

    default void putString(String key, String text) {
        put(key, text.getBytes(StandardCharsets.UTF_8));
    }

    default String getString(String key) {
        return new String(get(key), StandardCharsets.UTF_8);
    }

    /** Reads the whole stream; a helper for implementations. */
    static byte[] readAll(InputStream in, String key) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read object " + key, e);
        }
    }
}
