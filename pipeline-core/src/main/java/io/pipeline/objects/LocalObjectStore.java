package io.pipeline.objects;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Objects as files under a root directory ({@code <data-dir>/objects}). Writes go to a temporary file in the
 * target directory and are moved into place atomically, so a reader sees the old object or the new one, never half.
 * Temporary files start with {@value #TEMP_PREFIX} and are never listed.
 */
public final class LocalObjectStore implements ObjectStore {

    static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The store of the embedded default: {@code <dataDir>/objects}. */
    public static LocalObjectStore underDataDir(Path dataDir) {
        return new LocalObjectStore(dataDir.resolve("objects"));
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] bytes) {
        write(key, tmp -> Files.write(tmp, bytes));
    }

    @Override
    public void put(String key, InputStream in, long length) {
        write(key, tmp -> {
            long copied = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (length >= 0 && copied != length) {
                throw new IOException("expected " + length + " bytes but the stream gave " + copied);
            }
        });
    }

    @Override
    public byte[] get(String key) {
        return ObjectStore.readAll(open(key), key);
    }

    @Override
    public InputStream open(String key) {
        Path file = path(key);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(location(key));
        } catch (IOException e) {
            throw new ObjectStoreException("could not read " + location(key) + ": " + e, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public List<String> list(String prefix) {
        String p = ObjectKeys.validatePrefix(prefix);
        int slash = p.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(p.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                    if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(TEMP_PREFIX) && key.startsWith(p)) {
                        keys.add(key);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new ObjectStoreException("could not list " + root + " under '" + p + "': " + e, e);
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new ObjectStoreException("could not delete " + location(key) + ": " + e, e);
        }
    }

    @Override
    public String location(String key) {
        return path(key).toUri().toString();
    }

    private Path path(String key) {
        Path file = root.resolve(ObjectKeys.validate(key)).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("object key '" + key + "' escapes the store root " + root);
        }
        return file;
    }

    private void write(String key, Writer writer) {
        Path target = path(key);
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".part");
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new ObjectStoreException("could not write " + location(key) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the file is hidden from listings anyway
            }
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    @Override
    public String toString() {
        return "LocalObjectStore[" + root + "]";
    }
}
