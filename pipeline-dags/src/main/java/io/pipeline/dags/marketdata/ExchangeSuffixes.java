package io.pipeline.dags.marketdata;

import java.util.Map;

/** EODHD-style exchange suffixes for our calendar codes (AAPL on XNAS is {@code AAPL.US}). */
final class ExchangeSuffixes {

    private static final Map<String, String> SUFFIX = Map.of(
            "XNYS", "US", "XNAS", "US", "XLON", "LSE", "XTSE", "TO", "XASX", "AU",
            "XETR", "XETRA", "XFRA", "F", "XHKG", "HK", "XTKS", "TSE");

    private ExchangeSuffixes() {
    }

    static String code(Ticker t) {
        return t.symbol() + "." + SUFFIX.getOrDefault(t.exchange(), t.exchange());
    }
}
