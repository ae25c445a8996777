package io.pipeline.testing;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A DataSource that records the SQL text of every statement sent through its connections (prepared, called, or run
 * through a plain {@link Statement}), for tests that count round trips of one kind.
 */
public final class CountingDataSource extends DelegatingDataSource {
    private final Queue<String> sent = new ConcurrentLinkedQueue<>();

    public CountingDataSource(DataSource target) {
        super(target);
    }

    /** How many statements sent so far match {@code sql} (given their text, leading white space stripped). */
    public long count(Predicate<String> sql) {
        return sent.stream().filter(sql).count();
    }

    /** Forgets the statements sent so far. */
    public void reset() {
        sent.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(super.getConnection(username, password));
    }

    private Connection counting(Connection target) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler(target, "prepareStatement", "prepareCall", "createStatement"));
    }

    /** Records the SQL text passed to {@code sqlMethods}; a {@link Statement} made by the connection is wrapped too. */
    private InvocationHandler handler(Object target, String... sqlMethods) {
        return (proxy, method, args) -> {
            if (args != null && args.length > 0 && args[0] instanceof String sql && isOneOf(method, sqlMethods)) {
                sent.add(sql.stripLeading());
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (method.getName().equals("createStatement") && result instanceof Statement st) {
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                        handler(st, "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"));
            }
            return result;
        };
    }

    private static boolean isOneOf(Method method, String... names) {
        for (String name : names) {
            if (method.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
