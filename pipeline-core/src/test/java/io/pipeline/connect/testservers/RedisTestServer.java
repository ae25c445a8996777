package io.pipeline.connect.testservers;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A real redis-server (the binary carried by embedded-redis) on a free loopback port, started once per JVM. */
public final class RedisTestServer {

    private static RedisTestServer instance;

    private final RedisServer server;
    private final int port;

    private RedisTestServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
    }

    public static synchronized RedisTestServer get() {
        if (instance == null) {
            try {
                instance = new RedisTestServer();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start redis-server", e);
            }
            RedisTestServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.server.stop();
                } catch (IOException ignored) {
                    // JVM exit
                }
            }));
        }
        return instance;
    }

    public int port() {
        return port;
    }

    public String connectionUri() {
        return "redis://127.0.0.1:" + port + "/0";
    }
}
