package io.pipeline.web.security;

import io.pipeline.web.api.Problems;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;

/**
 * The container's own error report, for requests Tomcat refuses before any filter sees them (a malformed or
 * undecodable path such as {@code %ZZ}, {@code ..%2F}): a problem detail in fixed words instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus shown = known != null ? known : HttpStatus.BAD_REQUEST;
        String detail = switch (status) {
            case 400 -> "The request could not be read: its path or headers are malformed";
            case 404 -> "Nothing is served at this path";
            default -> shown.is5xxServerError() ? "Internal error; the server log has the details"
                    : shown.getReasonPhrase();
        };
        try {
            response.setSuspended(false);
            response.resetBuffer();
            Problems.write(response, shown, detail, null);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            container.getLogger().debug("could not write the error report", e);
        }
    }
}
