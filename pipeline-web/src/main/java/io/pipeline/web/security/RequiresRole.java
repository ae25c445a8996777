package io.pipeline.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a request handler needs. Every controller method of the application declares one, on the method or
 * on its class (the method's wins), or {@link PermitAnonymous}: {@link HandlerAccess} reads it for the handler that
 * will serve a request, so the decision follows what is served, not how the path was spelled. A handler that
 * declares neither is refused to everyone, and the role-matrix test fails the build.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
    Role value();
}
