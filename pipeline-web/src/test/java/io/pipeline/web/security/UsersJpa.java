package io.pipeline.web.security;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.Map;

/**
 * Test fixture: the users' JPA part (entity manager, repository, JPA transaction manager) on a test database,
 * without the application; Hibernate validates the entity against the migrated schema as the application does.
 */
public final class UsersJpa implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;

    private UsersJpa(AnnotationConfigApplicationContext context) {
        this.context = context;
    }

    public static UsersJpa on(DataSource dataSource) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(DataSource.class, () -> dataSource);
        context.register(Jpa.class);
        context.refresh();
        return new UsersJpa(context);
    }

    public UserStore store(PasswordEncoder encoder, Clock clock) {
        return new UserStore(context.getBean(UserRepository.class), encoder, clock);
    }

    /** Transactions that the repository and JDBC code (the audit log) share, as in the application. */
    public TransactionTemplate transactions() {
        return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    }

    @Override
    public void close() {
        context.close();
    }

    /** Registered by hand; not a {@code @Configuration}, so that the application's component scan leaves it out. */
    @EnableJpaRepositories(basePackageClasses = UserRepository.class)
    static class Jpa {

        @Bean
        LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
            LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
            factory.setDataSource(dataSource);
            factory.setPackagesToScan(UserEntity.class.getPackageName());
            factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
            factory.setJpaPropertyMap(Map.of("hibernate.hbm2ddl.auto", "validate"));
            return factory;
        }

        @Bean
        JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
            return new JpaTransactionManager(entityManagerFactory);
        }
    }
}
