package io.pipeline.dags.marketdata;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The outcome of one data-quality check for one symbol (and session, where the check is per session).
 *
 * @param observed how many offending rows (or missing minutes) were seen; 0 when passed
 */
public record CheckResult(String check, String symbol, LocalDate session, Severity severity, boolean passed,
                          long observed, String detail) {

    public enum Severity { FAIL, WARN }

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(severity, "severity");
        detail = detail == null ? "" : detail;
    }

    public boolean isFailure() {
        return !passed && severity == Severity.FAIL;
    }

    @Override
    public String toString() {
        return (passed ? "PASS" : severity) + " " + check + " " + symbol + (session == null ? "" : " " + session)
                + (passed ? "" : ": " + detail);
    }
}
