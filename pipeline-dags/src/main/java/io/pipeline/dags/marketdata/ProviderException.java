package io.pipeline.dags.marketdata;

/** A provider could not give bars for a symbol: names the symbol, the request (token redacted) and the cause. */
public class ProviderException extends RuntimeException {
    public ProviderException(String symbol, String request, String cause, Throwable error) {
        super("bars for " + symbol + " from " + request + ": " + cause, error);
    }
}
