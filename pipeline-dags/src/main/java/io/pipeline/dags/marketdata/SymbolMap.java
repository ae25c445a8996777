package io.pipeline.dags.marketdata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Our symbols (the tickers file: {@code BRK.B} on {@code XNYS}) as a vendor spells them: first the connection's own
 * map (extra {@code symbol_map=BRK.B:BRK-B,FB:META}), else the vendor's rule: the share-class separator it uses
 * ({@code BRK.B} for Polygon and Alpha Vantage, {@code BRK-B} for Tiingo and EODHD) and, outside the US, its exchange
 * suffix ({@code VOD.LON} at Alpha Vantage, {@code VOD.LSE} at EODHD). An exchange the vendor does not cover fails
 * the symbol with a message naming both.
 */
final class SymbolMap {

    private static final java.util.Set<String> US = java.util.Set.of("XNYS", "XNAS", "XASE", "ARCX", "BATS", "IEXG");
    private static final Map<String, String> ALPHAVANTAGE_SUFFIX = Map.of(
            "XLON", "LON", "XTSE", "TRT", "XTSX", "TRV", "XETR", "DEX", "XBOM", "BSE", "XSHG", "SHH", "XSHE", "SHZ");

    private final Vendor vendor;
    private final Map<String, String> overrides;

    private SymbolMap(Vendor vendor, Map<String, String> overrides) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.overrides = Map.copyOf(overrides);
    }

    /** The vendor's rule with the overrides of a {@code symbol_map} extra ({@code OURS:THEIRS,...}; may be empty). */
    static SymbolMap of(Vendor vendor, String symbolMap) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : symbolMap.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException("symbol_map of " + vendor.id() + ": '" + pair.strip()
                        + "' is not OURS:THEIRS (e.g. BRK.B:BRK-B)");
            }
            overrides.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return new SymbolMap(vendor, overrides);
    }

    /** The vendor's symbol for the ticker. */
    String of(Ticker t) {
        String own = overrides.get(t.symbol());
        if (own != null) {
            return own;
        }
        boolean us = US.contains(t.exchange());
        return switch (vendor) {
            case POLYGON -> {
                requireUs(t, us);
                yield t.symbol().replace('-', '.');
            }
            case TIINGO -> {
                requireUs(t, us);
                yield t.symbol().replace('.', '-');
            }
            case ALPHAVANTAGE -> {
                if (us) {
                    yield t.symbol().replace('-', '.');
                }
                String suffix = ALPHAVANTAGE_SUFFIX.get(t.exchange());
                if (suffix == null) {
                    throw unsupported(t);
                }
                yield t.symbol() + "." + suffix;
            }
            case EODHD -> {
                String symbol = t.symbol().replace('.', '-');
                yield ExchangeSuffixes.code(new Ticker(symbol, t.exchange(), t.name()));
            }
            case SIMULATED -> t.symbol();
        };
    }

    private void requireUs(Ticker t, boolean us) {
        if (!us) {
            throw unsupported(t);
        }
    }

    private ProviderException unsupported(Ticker t) {
        return new ProviderException(t.symbol(), vendor.id(), vendor.id() + " has no listings on " + t.exchange()
                + " (map the symbol with the connection's symbol_map, or use another provider for it)", null);
    }
}
