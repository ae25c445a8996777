package io.pipeline.web.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Keeps the method of the request, which the container's error dispatch replaces, for {@link ErrorPages}. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OriginalMethodFilter extends OncePerRequestFilter {

    static final String ATTRIBUTE = OriginalMethodFilter.class.getName() + ".method";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ATTRIBUTE, request.getMethod());
        chain.doFilter(request, response);
    }
}
