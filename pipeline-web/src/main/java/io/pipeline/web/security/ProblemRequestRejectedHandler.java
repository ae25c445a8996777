package io.pipeline.web.security;

import io.pipeline.engine.LogSafe;
import io.pipeline.web.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;

/**
 * A request the firewall refuses (encoded slash, double slash, {@code ;param}, dot segment, ...): a 400 problem
 * detail in fixed words, before any chain or handler sees it.
 */
public class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    static final String DETAIL = "The request path is not accepted: it contains an encoded slash or percent sign, a"
            + " double slash, a ';' parameter, a '.' or '..' segment, or a character that is not allowed";
    private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.info("400 {} {}: {}", request.getMethod(), LogSafe.of(request.getRequestURI()),
                LogSafe.of(rejected.getMessage()));
        Problems.write(response, HttpStatus.BAD_REQUEST, DETAIL, null);
    }
}
