package io.pipeline.cli;

import io.pipeline.calendar.CalendarOverride;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * Reads a calendar's overrides for {@code calendar sessions} with plain JDBC (this package depends on the JDK,
 * picocli and the calendar library only), when a database is configured: {@code spring.datasource.url} as a system
 * property or {@code SPRING_DATASOURCE_URL} in the environment, with the username and password the same way. The
 * driver is found on the thread's class loader, so this works on the application's class path (the launcher hands
 * {@code calendar sessions} to it when a database is configured).
 */
final class StoredOverrides {

    private StoredOverrides() {
    }

    /** The configured database URL, or null when there is none. */
    static String configuredUrl() {
        return setting("spring.datasource.url", "SPRING_DATASOURCE_URL");
    }

    static List<CalendarOverride> read(String url, String code) {
        Properties props = new Properties();
        String user = setting("spring.datasource.username", "SPRING_DATASOURCE_USERNAME");
        String password = setting("spring.datasource.password", "SPRING_DATASOURCE_PASSWORD");
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        try (Connection c = connect(url, props);
             PreparedStatement s = c.prepareStatement("SELECT override_date, kind, open_time, close_time,"
                     + " break_start, break_end, reason FROM calendar_override WHERE calendar_code = ?"
                     + " ORDER BY override_date")) {
            s.setString(1, code);
            List<CalendarOverride> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new CalendarOverride(rs.getObject(1, LocalDate.class),
                            CalendarOverride.Kind.of(rs.getString(2)), rs.getObject(3, LocalTime.class),
                            rs.getObject(4, LocalTime.class), rs.getObject(5, LocalTime.class),
                            rs.getObject(6, LocalTime.class), rs.getString(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new CommandFailedException("could not read the calendar overrides from " + redact(url) + ": "
                    + e.getMessage() + " (use --no-overrides for the exchange's rules alone)");
        }
    }

    private static Connection connect(String url, Properties props) throws SQLException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (Driver d : ServiceLoader.load(Driver.class, loader)) {
            if (d.acceptsURL(url)) {
                Connection c = d.connect(url, props);
                if (c != null) {
                    return c;
                }
            }
        }
        throw new SQLException("no JDBC driver for this URL on the class path");
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** The URL without a password given in it. */
    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }
}
