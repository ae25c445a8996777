package io.pipeline.web.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.List;

/** Loads users from {@link UserStore} with their role as the single authority ({@code ROLE_OP}, ...). */
public class StoredUserDetailsService implements UserDetailsService {

    private final UserStore users;

    public StoredUserDetailsService(UserStore users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserRecord user = users.find(username)
                .orElseThrow(() -> new UsernameNotFoundException("no user '" + username + "'"));
        return User.withUsername(user.username())
                .password(user.passwordHash())
                .disabled(!user.active())
                .authorities(List.of(new SimpleGrantedAuthority(user.role().authority())))
                .build();
    }
}
