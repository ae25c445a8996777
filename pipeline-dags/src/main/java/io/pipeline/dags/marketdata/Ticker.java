package io.pipeline.dags.marketdata;

import java.util.regex.Pattern;

/** One instrument to fetch: symbol, the MIC of its calendar (e.g. XNYS) and an optional name. */
public record Ticker(String symbol, String exchange, String name) {

    static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0,19}");
    static final Pattern EXCHANGE = Pattern.compile("[A-Z][A-Z_]{1,9}");

    public Ticker {
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("invalid symbol '" + symbol + "' (1-20 of A-Z, 0-9, '.', '-')");
        }
        if (exchange == null || !EXCHANGE.matcher(exchange).matches()) {
            throw new IllegalArgumentException("invalid exchange '" + exchange + "' for " + symbol + " (a code such as XNYS)");
        }
        name = name == null || name.isBlank() ? null : name.strip();
    }
}
