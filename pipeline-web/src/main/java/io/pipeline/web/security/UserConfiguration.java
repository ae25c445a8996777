package io.pipeline.web.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.ops.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Users and their BCrypt passwords: used by the web security and by the CLI's {@code users} commands. The entity and
 * repository are named here, not found from the application class, because the CLI's application class lives in
 * another package (see docs/decisions/spring-data-jpa.md).
 */
@Configuration
@EntityScan(basePackageClasses = UserEntity.class)
@EnableJpaRepositories(basePackageClasses = UserRepository.class)
@EnableConfigurationProperties(LoginThrottleProperties.class)
public class UserConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserStore userStore(UserRepository repository, PasswordEncoder passwordEncoder, Clock clock) {
        return new UserStore(repository, passwordEncoder, clock);
    }

    /**
     * The one way to change users: every change is audited. Spring Boot's JPA transaction manager, so that the
     * repository's statements and the audit log's JDBC insert share one transaction (and one connection).
     */
    @Bean
    UserAdministration userAdministration(UserStore users, DataSource dataSource, Clock clock,
                                          PlatformTransactionManager transactionManager) {
        return new UserAdministration(users, new AuditLog(JdbcClient.create(dataSource), clock),
                new TransactionTemplate(transactionManager));
    }

    @Bean
    StoredUserDetailsService userDetailsService(UserStore users) {
        return new StoredUserDetailsService(users);
    }

    /** The authentication of the API and the UI: BCrypt once, then the cheap check of {@link VerifiedCredentialsCache}. */
    @Bean
    VerifiedCredentialsCache authenticationProvider(StoredUserDetailsService users, PasswordEncoder passwordEncoder,
                                                    LoginThrottle loginThrottle) {
        return new VerifiedCredentialsCache(users, passwordEncoder, loginThrottle);
    }

    /** Repeated failed logins slow down, then lock (per node; {@code pipeline.security.login.*}). */
    @Bean
    LoginThrottle loginThrottle(LoginThrottleProperties properties, Clock clock, ObjectProvider<MeterRegistry> meters,
                                DataSource dataSource) {
        return new LoginThrottle(properties, clock, meters.getIfAvailable(SimpleMeterRegistry::new),
                new AuditLog(JdbcClient.create(dataSource), clock));
    }
}
