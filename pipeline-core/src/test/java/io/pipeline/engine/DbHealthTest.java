package io.pipeline.engine;

import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The back-off of loops during an outage ({@link DbHealth#awaitReachable}) ends as soon as any component reaches the
 * database again, not after its full (grown) length. It paces retries in real time, so this test waits in real time;
 * the lengths are chosen far apart (60 s against well under a second) so that a loaded machine cannot blur them.
 */
class DbHealthTest {

    private final DbHealth health = DbHealth.quiet(Clock.systemUTC());

    @Test
    void a_back_off_returns_at_once_while_the_database_is_reachable() throws Exception {
        long start = System.nanoTime();
        health.awaitReachable(Duration.ofSeconds(60));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_back_off_during_an_outage_ends_when_another_component_reaches_the_database() throws Exception {
        health.failed("claiming", new SQLTransientConnectionException("connection refused"));
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                health.awaitReachable(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - start;
        });
        assertThat(waited).as("still backing off while the database is down")
                .failsWithin(Duration.ofMillis(300)).withThrowableThat().isInstanceOf(
                        java.util.concurrent.TimeoutException.class);
        health.ok();
        long nanos = waited.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(nanos)).isLessThan(Duration.ofSeconds(10));
        assertThat(health.isDown()).isFalse();
    }

    @Test
    void a_back_off_during_an_outage_lasts_its_length_when_nothing_comes_back() throws Exception {
        health.failed("claiming", new SQLTransientConnectionException("connection refused"));
        long start = System.nanoTime();
        health.awaitReachable(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(health.isDown()).isTrue();
    }
}
