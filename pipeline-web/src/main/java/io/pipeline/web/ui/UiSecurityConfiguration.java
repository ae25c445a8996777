package io.pipeline.web.ui;

import io.pipeline.web.security.ApiAuthorizationManager;
import io.pipeline.web.security.Role;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The dashboard's filter chain, between the API's (order 1) and the catch-all (order 3): form login with a session
 * cookie (HttpOnly, SameSite=Lax), CSRF on every state-changing request, roles from {@link UiPermissions}, and a
 * content-security policy that lets no inline script run. Unauthenticated page requests go to the login form;
 * the JSON endpoints under {@code /ui/api} answer 401 instead, so that polling scripts notice a lost session.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class UiSecurityConfiguration {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(2)
    SecurityFilterChain dashboardChain(HttpSecurity http) throws Exception {
        RequestMatcher jsonApi = request -> request.getRequestURI().startsWith(request.getContextPath() + "/ui/api/");
        return http.securityMatcher("/ui", "/ui/**", "/login", "/logout", "/")
                .authorizeHttpRequests(a -> a.anyRequest().access(authorization()))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/ui/dags", false).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), jsonApi)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> true)
                        .accessDeniedHandler(forbidden()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /** SameSite on the session cookie (HttpOnly is Spring Boot's default for it). */
    @Bean
    CookieSameSiteSupplier sessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }

    private static AuthorizationManager<RequestAuthorizationContext> authorization() {
        return (authentication, context) -> {
            String path = context.getRequest().getRequestURI().substring(context.getRequest().getContextPath().length());
            Optional<Role> required = UiPermissions.required(context.getRequest().getMethod(), path);
            if (required.isEmpty()) {
                return new AuthorizationDecision(true);
            }
            Role role = ApiAuthorizationManager.roleOf(authentication.get());
            return new AuthorizationDecision(role != null && role.includes(required.get()));
        };
    }

    /** A missing role or a missing/invalid CSRF token: 403 with a short plain page (or text for the JSON API). */
    private static AccessDeniedHandler forbidden() {
        return (request, response, denied) -> {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            String reason = denied.getClass().getSimpleName().contains("Csrf")
                    ? "the form's security token is missing or expired; reload the page and try again"
                    : "your role does not allow this";
            response.getOutputStream().write(("403 Forbidden: " + reason).getBytes(StandardCharsets.UTF_8));
        };
    }
}
