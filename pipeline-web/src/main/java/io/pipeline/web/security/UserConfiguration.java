package io.pipeline.web.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import javax.sql.DataSource;
import java.time.Clock;

/** Users and their BCrypt passwords: used by the web security and by the CLI's {@code users} commands. */
@Configuration
public class UserConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserStore userStore(DataSource dataSource, PasswordEncoder passwordEncoder, Clock clock) {
        return new UserStore(dataSource, passwordEncoder, clock);
    }

    @Bean
    StoredUserDetailsService userDetailsService(UserStore users) {
        return new StoredUserDetailsService(users);
    }

    /** The authentication of the API and the UI: BCrypt once, then the cheap check of {@link VerifiedCredentialsCache}. */
    @Bean
    VerifiedCredentialsCache authenticationProvider(StoredUserDetailsService users, PasswordEncoder passwordEncoder) {
        return new VerifiedCredentialsCache(users, passwordEncoder);
    }
}
