package io.pipeline.web.security;

import io.pipeline.engine.LogSafe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

import java.lang.reflect.AnnotatedElement;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the handler that Spring MVC will choose for a request, with the same handler mappings in the same order and
 * on the same parsed (decoded) path as the dispatcher, and reads the role it declares ({@link RequiresRole},
 * {@link PermitAnonymous}). So {@code /ui/%75sers} needs what {@code /ui/users} needs: both are served by the same
 * method. Static resources from the jar are public; a handler of ours that declares nothing, and any other kind of
 * handler, is refused to everyone.
 */
public class HandlerAccess {

    private static final Logger log = LoggerFactory.getLogger(HandlerAccess.class);
    private static final String RULE_ATTRIBUTE = HandlerAccess.class.getName() + ".rule";
    private static final String OWN_PACKAGE = "io.pipeline.";

    private final HandlerMappingIntrospector introspector;

    public HandlerAccess(HandlerMappingIntrospector introspector) {
        this.introspector = introspector;
    }

    /** The rule of the handler that will serve this request; resolved once per request. */
    public AccessRule ruleFor(HttpServletRequest request) {
        if (request.getAttribute(RULE_ATTRIBUTE) instanceof AccessRule cached) {
            return cached;
        }
        AccessRule rule = resolve(request);
        request.setAttribute(RULE_ATTRIBUTE, rule);
        if (rule.kind() == AccessRule.Kind.UNDECLARED) {
            log.error("{} {} is served by {}, which declares no role: refused", request.getMethod(),
                    LogSafe.of(request.getRequestURI()), rule.handler());
        }
        return rule;
    }

    private AccessRule resolve(HttpServletRequest request) {
        Object handler = handlerOf(new IsolatedAttributes(request));
        if (handler == null) {
            return AccessRule.noHandler();
        }
        if (handler instanceof HandlerMethod method) {
            return ruleOf(method);
        }
        if (handler instanceof ResourceHttpRequestHandler) {
            return AccessRule.anonymous("static resources");
        }
        return AccessRule.undeclared(handler.getClass().getName());
    }

    /** The declared rule of a controller method: the method's annotation, else its class's. */
    public static AccessRule ruleOf(HandlerMethod method) {
        String name = method.getBeanType().getSimpleName() + "." + method.getMethod().getName();
        if (!method.getBeanType().getName().startsWith(OWN_PACKAGE)) {
            return AccessRule.undeclared(method.getBeanType().getName() + "." + method.getMethod().getName());
        }
        AccessRule onMethod = declared(method.getMethod(), name);
        return onMethod != null ? onMethod : orUndeclared(declared(method.getBeanType(), name), name);
    }

    private static AccessRule declared(AnnotatedElement element, String name) {
        boolean anonymous = AnnotatedElementUtils.hasAnnotation(element, PermitAnonymous.class);
        RequiresRole role = AnnotatedElementUtils.findMergedAnnotation(element, RequiresRole.class);
        if (anonymous && role != null) {
            return AccessRule.undeclared(name + " (declares both a role and anonymous access)");
        }
        return anonymous ? AccessRule.anonymous(name) : role != null ? AccessRule.role(role.value(), name) : null;
    }

    private static AccessRule orUndeclared(AccessRule rule, String name) {
        return rule != null ? rule : AccessRule.undeclared(name);
    }

    private Object handlerOf(HttpServletRequest request) {
        ServletRequestPathUtils.parseAndCache(request);
        for (HandlerMapping mapping : introspector.getHandlerMappings()) {
            try {
                HandlerExecutionChain chain = mapping.getHandler(request);
                if (chain != null) {
                    return chain.getHandler();
                }
            } catch (Exception noMatch) {
                // A path that matches with another method or media type: the dispatcher answers 405/415 without
                // calling any handler.
                return null;
            }
        }
        return null;
    }

    /**
     * The lookup stores its findings (matched pattern, path variables) as request attributes; the dispatcher must
     * make its own, so they are kept in this wrapper.
     */
    private static final class IsolatedAttributes extends HttpServletRequestWrapper {
        private final Map<String, Object> attributes = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        IsolatedAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            if (attributes.containsKey(name)) {
                return attributes.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
            removed.remove(name);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
            removed.add(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(attributes.keySet());
            return Collections.enumeration(names);
        }
    }
}
