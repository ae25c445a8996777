package io.pipeline.web.api;

import io.pipeline.ops.Actor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated API caller, as the audit log names it. */
final class ApiCaller {

    private ApiCaller() {
    }

    static Actor current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth.getName() == null || auth.getName().isBlank()) {
            throw new IllegalStateException("an operation reached the API without an authenticated user");
        }
        return Actor.api(auth.getName());
    }
}
