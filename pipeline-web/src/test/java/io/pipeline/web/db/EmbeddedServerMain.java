package io.pipeline.web.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Run in a child JVM by {@link EmbeddedPostgresServerTest}: starts the embedded server, writes a row, says ready. */
public final class EmbeddedServerMain {

    private EmbeddedServerMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrAttach(Path.of(args[0]), 0);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS survivor (note text)");
            s.execute("INSERT INTO survivor VALUES ('written before the kill')");
        }
        System.out.println("ready " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
