package io.pipeline.dags;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** A query's rows as text for assertions: columns joined with {@code |}, one line per row. */
final class QueryText {

    private QueryText() {
    }

    static String of(DataSource ds, String sql) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
