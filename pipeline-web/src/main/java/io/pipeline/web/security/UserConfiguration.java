package io.pipeline.web.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.ops.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;

/** Users and their BCrypt passwords: used by the web security and by the CLI's {@code users} commands. */
@Configuration
@EnableConfigurationProperties(LoginThrottleProperties.class)
public class UserConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserStore userStore(DataSource dataSource, PasswordEncoder passwordEncoder, Clock clock) {
        return new UserStore(dataSource, passwordEncoder, clock);
    }

    /** The one way to change users: every change is audited. */
    @Bean
    UserAdministration userAdministration(UserStore users, DataSource dataSource, Clock clock) {
        return new UserAdministration(users, new AuditLog(JdbcClient.create(dataSource), clock),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)));
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
