package io.pipeline.web.engine;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * The engine's own JDBC transaction manager. Deliberately not a {@code TransactionManager} bean: one would make
 * Spring Boot back off from the JPA transaction manager that {@code @Transactional} code relies on.
 */
public final class EngineTransactions {

    private final JdbcTransactionManager manager;

    public EngineTransactions(DataSource dataSource) {
        this.manager = new JdbcTransactionManager(dataSource);
    }

    public JdbcTransactionManager manager() {
        return manager;
    }

    public TransactionTemplate template() {
        return new TransactionTemplate(manager);
    }
}
