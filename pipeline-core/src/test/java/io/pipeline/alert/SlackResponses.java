package io.pipeline.alert;

import io.pipeline.alert.FakeHttpServer.Response;

import java.util.concurrent.atomic.AtomicLong;

/** What the Slack Web API answers, as JSON over HTTP. */
public final class SlackResponses {

    private static final AtomicLong TS = new AtomicLong(1_700_000_000_000_000L);

    private SlackResponses() {
    }

    /** chat.postMessage's success. */
    public static Response ok() {
        long ts = TS.incrementAndGet();
        return Response.json(200, """
                {"ok":true,"channel":"C024BE91L","ts":"%d.%06d","message":{"type":"message","text":"x"}}"""
                .formatted(ts / 1_000_000, ts % 1_000_000));
    }

    /** Slack reports most errors as HTTP 200 with ok=false. */
    public static Response error(String code) {
        return Response.json(200, "{\"ok\":false,\"error\":\"" + code + "\"}");
    }

    public static Response rateLimited(int retryAfterSeconds) {
        return Response.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}")
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }

    public static Response unavailable() {
        return Response.text(503, "upstream connect error");
    }

    public static Response serverError() {
        return Response.text(500, "internal error");
    }
}
