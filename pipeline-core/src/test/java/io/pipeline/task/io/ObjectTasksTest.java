package io.pipeline.task.io;

import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.testservers.S3TestServer;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectNotFoundException;
import io.pipeline.objects.ObjectStore;
import io.pipeline.objects.S3ObjectStore;
import io.pipeline.task.PokeResult;
import io.pipeline.task.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectTasksTest {

    @TempDir
    Path dir;

    private TestTaskContext context(ObjectStore store, ConnectionRegistry connections) {
        return TestTaskContext.create().session(LocalDate.parse("2026-11-20"))
                .with(ObjectStore.class, store).with(ConnectionRegistry.class, connections);
    }

    @Test
    void key_sensor_is_not_met_until_the_exact_key_exists_then_outputs_it() {
        ObjectStore store = LocalObjectStore.underDataDir(dir);
        var ctx = context(store, ConnectionRegistry.empty());
        S3KeySensor sensor = S3KeySensor.forKey("vendor/{session}/fundamentals.csv");

        PokeResult notYet = sensor.poke(ctx);
        assertThat(notYet.done()).isFalse();
        assertThat(notYet.defer()).as("deferrable by default, on the rendered key")
                .isEqualTo(new Trigger.ObjectKey("vendor/2026-11-20/fundamentals.csv", null, true, null));
        assertThat(sensor.deferrable(false).poke(ctx).deferred()).isFalse();
        assertThat(ctx.recorded().text()).contains("no object matches").contains("vendor/2026-11-20/fundamentals.csv");

        store.putString("vendor/2026-11-20/fundamentals.csv", "x");
        PokeResult met = sensor.poke(ctx);
        assertThat(met.done()).isTrue();
        assertThat(met.output()).isEqualTo(List.of("vendor/2026-11-20/fundamentals.csv"));
    }

    @Test
    void key_sensor_matches_a_wildcard_on_an_s3_connection() {
        S3TestServer s3 = S3TestServer.get();
        String bucket = s3.newBucket("vendor");
        var connections = new ConnectionRegistry(Map.of("PIPELINE_CONN_VENDOR", s3.connectionUri(bucket, "")));
        var ctx = context(LocalObjectStore.underDataDir(dir), connections);
        S3KeySensor sensor = S3KeySensor.forKey("drops/{session}/fund_*.csv").onConnection("vendor");

        PokeResult notYet = sensor.poke(ctx);
        assertThat(notYet.done()).isFalse();
        assertThat(notYet.defer()).isEqualTo(new Trigger.ObjectKey("drops/2026-11-20/fund_*.csv", "vendor", false, null));
        try (S3ObjectStore vendor = S3ObjectStore.of(connections.get("vendor"))) {
            vendor.putString("drops/2026-11-20/fund_a.csv", "a");
            vendor.putString("drops/2026-11-20/fund_b.csv.tmp", "partial");
        }
        PokeResult met = sensor.poke(ctx);
        assertThat(met.done()).isTrue();
        assertThat(met.output()).isEqualTo(List.of("drops/2026-11-20/fund_a.csv"));
    }

    @Test
    void upload_then_download_round_trips_a_file_through_s3() throws Exception {
        S3TestServer s3 = S3TestServer.get();
        String bucket = s3.newBucket("roundtrip");
        try (S3ObjectStore store = S3ObjectStore.of(s3.connection("object_store", bucket, ""))) {
            var ctx = context(store, ConnectionRegistry.empty());
            Path local = dir.resolve("in.csv");
            Files.writeString(local, "symbol,close\nAAPL,190.5\n");

            Object location = ObjectUpload.of(local.toString(), "raw/{session}/in.csv").execute(ctx);
            assertThat(location).isEqualTo("s3://" + bucket + "/raw/2026-11-20/in.csv");

            Path out = dir.resolve("out/copy.csv");
            ObjectDownload.of("raw/{session}/in.csv", out.toString()).execute(ctx);
            assertThat(Files.readString(out)).isEqualTo("symbol,close\nAAPL,190.5\n");
        }
    }

    @Test
    void download_of_a_missing_object_fails_naming_it_and_leaves_no_file() {
        var ctx = context(LocalObjectStore.underDataDir(dir), ConnectionRegistry.empty());
        Path out = dir.resolve("dl/x.csv");

        assertThatThrownBy(() -> ObjectDownload.of("raw/none.csv", out.toString()).execute(ctx))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("raw/none.csv");
        assertThat(dir.resolve("dl").toFile().list()).isEmpty();
    }

    @Test
    void upload_of_a_missing_local_file_names_it() {
        var ctx = context(LocalObjectStore.underDataDir(dir), ConnectionRegistry.empty());

        assertThatThrownBy(() -> ObjectUpload.of(dir.resolve("nope.csv").toString(), "k").execute(ctx))
                .hasMessageContaining("nope.csv").hasMessageContaining("does not exist");
    }
}
