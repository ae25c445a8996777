package io.pipeline.web.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What {@code pipeline doctor} asks an external database, without starting the service: does it answer, at which
 * migration, how many are pending, and how many nodes are registered and alive (for the production check).
 */
public final class DoctorDatabase {

    /** @param liveNodes running or stopping nodes with a heartbeat within the lost threshold, this one excluded */
    public record Report(String version, int pending, int liveNodes) {
    }

    private DoctorDatabase() {
    }

    /**
     * @throws SQLException when the server does not answer or refuses the login (the message names no password)
     */
    public static Report inspect(String url, String user, String password, String nodeId, Duration lostThreshold,
                                 Instant now) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setConnectTimeout(5);
        ds.setLoginTimeout(5);
        try (Connection c = ds.getConnection()) {
            c.isValid(5);
        }
        Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").outOfOrder(true)
                .load();
        MigrationInfo current = flyway.info().current();
        int pending = flyway.info().pending().length;
        int live = 0;
        if (current != null) {
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("""
                    SELECT count(*) FROM node
                    WHERE state IN ('running', 'stopping') AND heartbeat_at > ? AND node_id <> ?
                    """)) {
                s.setObject(1, OffsetDateTime.ofInstant(now.minus(lostThreshold), ZoneOffset.UTC));
                s.setString(2, nodeId == null ? "" : nodeId);
                try (ResultSet rs = s.executeQuery()) {
                    live = rs.next() ? rs.getInt(1) : 0;
                }
            }
        }
        return new Report(current == null ? null : current.getVersion().toString(), pending, live);
    }
}
