package io.pipeline.web.security;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.util.UrlPathHelper;


/**
 * Three filter chains that differ in how a caller proves who it is, and share one authorization decision,
 * {@link HandlerAuthorizationManager}: the role declared by the handler that will serve the request.
 * <ul>
 *   <li>the API ({@code /api/**}): HTTP Basic, stateless, no CSRF, 401/403 as problem details;</li>
 *   <li>actuator endpoints: health open, Prometheus for any signed-in user (open when
 *       {@code management.server.port} moves actuator to a port of its own), the rest Admin;</li>
 *   <li>everything else, the dashboard: form login with a session cookie (HttpOnly, SameSite=Lax; Secure and HSTS
 *       when the request came over HTTPS, also behind a proxy with {@code server.forward-headers-strategy}), CSRF on
 *       every state-changing request, and a content-security policy that lets no inline script run.</li>
 * </ul>
 * Error dispatches are let through: they render the error of a request that was already decided.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    HandlerAccess handlerAccess(HandlerMappingIntrospector mvcHandlerMappingIntrospector) {
        return new HandlerAccess(mvcHandlerMappingIntrospector);
    }

    @Bean
    HandlerAuthorizationManager handlerAuthorizationManager(HandlerAccess handlerAccess) {
        return new HandlerAuthorizationManager(handlerAccess);
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemRequestRejectedHandler();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, HandlerAuthorizationManager authorization,
                                 HandlerAccess access) throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        return http.securityMatcher(under("/api/"))
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(b -> b.realmName(ProblemAuthenticationEntryPoint.REALM).authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler(access)))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().access(authorization))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorChain(HttpSecurity http, Environment environment, HandlerAccess access)
            throws Exception {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        boolean ownPort = managementOnOwnPort(environment);
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(b -> b.realmName(ProblemAuthenticationEntryPoint.REALM).authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler(access)))
                .authorizeHttpRequests(a -> {
                    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    a.requestMatchers(EndpointRequest.to("health")).permitAll();
                    if (ownPort) {
                        a.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
                    } else {
                        a.requestMatchers(EndpointRequest.to("prometheus")).hasAnyRole(roleNames(Role.VIEWER));
                    }
                    a.anyRequest().hasRole(Role.ADMIN.name());
                })
                .build();
    }

    /** The dashboard, and every path that is neither API nor actuator. */
    @Bean
    @Order(3)
    SecurityFilterChain dashboardChain(HttpSecurity http, HandlerAuthorizationManager authorization)
            throws Exception {
        RequestMatcher jsonApi = under("/ui/api/");
        return http
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().access(authorization))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/ui/dags", false))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), jsonApi)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                request -> true)
                        .accessDeniedHandler(new PageAccessDeniedHandler()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /** SameSite on the session cookie (HttpOnly is Spring Boot's default for it; Secure follows the request). */
    @Bean
    CookieSameSiteSupplier sessionCookieSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
    }

    /**
     * Requests whose decoded path lies under the prefix: which chain authenticates a request (and how its errors
     * look) must not depend on how its path was spelled. Whether it is allowed is the handler's declaration.
     */
    static RequestMatcher under(String prefix) {
        return request -> PATHS.getPathWithinApplication(request).startsWith(prefix);
    }

    static boolean managementOnOwnPort(Environment environment) {
        return ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
    }

    private static String[] roleNames(Role least) {
        return java.util.Arrays.stream(Role.values()).filter(r -> r.includes(least)).map(Role::name)
                .toArray(String[]::new);
    }
}
