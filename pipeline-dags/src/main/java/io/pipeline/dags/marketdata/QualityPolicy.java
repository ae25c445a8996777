package io.pipeline.dags.marketdata;

import io.pipeline.dags.marketdata.CheckResult.Severity;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Whether each check fails the task or only warns. Unlisted checks use the defaults. */
public record QualityPolicy(Map<String, Severity> severities) {

    public static final String OUTSIDE_SESSION = "outside_session";
    public static final String MISSING_MINUTES = "missing_minutes";
    public static final String DUPLICATES = "duplicates";
    public static final String NON_POSITIVE = "non_positive_values";
    public static final String OHLC_INCONSISTENT = "ohlc_inconsistent";
    public static final String STALE_SYMBOL = "stale_symbol";
    public static final Set<String> CHECKS = Set.of(OUTSIDE_SESSION, MISSING_MINUTES, DUPLICATES, NON_POSITIVE,
            OHLC_INCONSISTENT, STALE_SYMBOL);

    private static final Map<String, Severity> DEFAULTS = Map.of(
            OUTSIDE_SESSION, Severity.FAIL, MISSING_MINUTES, Severity.WARN, DUPLICATES, Severity.FAIL,
            NON_POSITIVE, Severity.FAIL, OHLC_INCONSISTENT, Severity.FAIL, STALE_SYMBOL, Severity.WARN);

    public QualityPolicy {
        for (String check : severities.keySet()) {
            if (!CHECKS.contains(check)) {
                throw new IllegalArgumentException("unknown quality check '" + check + "'; known: " + CHECKS);
            }
        }
        severities = Map.copyOf(severities);
    }

    public static QualityPolicy defaults() {
        return new QualityPolicy(Map.of());
    }

    /** From a DAG param such as {@code {"missing_minutes": "fail", "stale_symbol": "warn"}}. */
    public static QualityPolicy fromParam(Map<String, ?> param) {
        Map<String, Severity> s = new HashMap<>();
        if (param != null) {
            param.forEach((check, value) -> {
                String v = String.valueOf(value).toUpperCase(Locale.ROOT);
                if (!v.equals("FAIL") && !v.equals("WARN")) {
                    throw new IllegalArgumentException("quality check '" + check + "': severity must be fail or warn, got '" + value + "'");
                }
                s.put(check, Severity.valueOf(v));
            });
        }
        return new QualityPolicy(s);
    }

    public Severity of(String check) {
        return severities.getOrDefault(check, DEFAULTS.get(check));
    }
}
