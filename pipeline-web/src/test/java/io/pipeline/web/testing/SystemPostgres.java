package io.pipeline.web.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The machine's own PostgreSQL server binaries (Debian's {@code postgresql} package, under
 * {@code /usr/lib/postgresql/MAJOR/bin}), started by the test as a separate server: a second major besides the
 * embedded one. PostgreSQL refuses to run as root, so as root (CI) it runs as the {@code postgres} system user that
 * the package creates.
 */
public final class SystemPostgres implements AutoCloseable {

    public static final String DATABASE = "pipeline";
    public static final String USER = "postgres";
    private static final Path INSTALLS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path data;
    private final List<String> runAs;
    private final int port;

    private SystemPostgres(Path bin, Path data, List<String> runAs, int port) {
        this.bin = bin;
        this.data = data;
        this.runAs = runAs;
        this.port = port;
    }

    /** The bin directory of the newest installed major with initdb and pg_ctl, if any. */
    public static Optional<Path> binaries() {
        if (!Files.isDirectory(INSTALLS)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(INSTALLS)) {
            return majors.map(m -> m.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> majorOf(b)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the server can be started here: binaries present, and a system user to run them when root. */
    public static Optional<String> whyNot() {
        if (binaries().isEmpty()) {
            return Optional.of("no PostgreSQL server binaries under " + INSTALLS
                    + " (Debian's postgresql package; .ci/run installs it)");
        }
        if (isRoot() && lookup(USER).isEmpty()) {
            return Optional.of("running as root and there is no '" + USER + "' system user to run PostgreSQL as");
        }
        return Optional.empty();
    }

    public static SystemPostgres start() {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(whyNot().orElse("no binaries")));
        try {
            Path dir = Files.createTempDirectory("system-postgres-");
            List<String> runAs = List.of();
            if (isRoot()) {
                Files.setOwner(dir, lookup(USER).orElseThrow());
                runAs = List.of("runuser", "-u", USER, "--");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path data = dir.resolve("data");
            SystemPostgres server = new SystemPostgres(bin, data, runAs, freePort());
            server.run("initdb", "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync");
            server.run("pg_ctl", "-D", data.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.createDatabase();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int major() {
        return majorOf(bin);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String serverVersion() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        }
    }

    private void createDatabase() {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
            // as the other test databases: a non-UTC session zone to catch time-zone bugs
            s.execute("ALTER DATABASE " + DATABASE + " SET timezone TO 'America/Sao_Paulo'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database on the system PostgreSQL", e);
        }
    }

    private void run(String tool, String... args) {
        List<String> command = new ArrayList<>(runAs);
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int majorOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Optional<UserPrincipal> lookup(String user) {
        try {
            return Optional.of(Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
