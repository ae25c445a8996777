package io.pipeline.ops;

import io.pipeline.connect.Connection;
import io.pipeline.connect.ConnectionRegistry;
import io.pipeline.connect.SecretCipher;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.TaskState;
import io.pipeline.store.ConnectionStore;
import io.pipeline.store.PoolRow;
import io.pipeline.store.PoolStore;
import io.pipeline.store.StoredConnection;
import io.pipeline.store.VariableStore;
import io.pipeline.task.Variables;
import io.pipeline.task.io.TestTaskContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pools, variables and stored connections: encryption at rest, the no-key rule, rotation, pool deletion, audit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagedObjectsTest {

    private static final String KEY_A = SecretCipher.generateKey();
    private static final String KEY_B = SecretCipher.generateKey();
    private static final Actor ALICE = Actor.api("alice");

    private OpsTestKit kit;

    @BeforeAll
    void database() {
        Dag dag = DagBuilder.dag("vendor").tasks(b -> {
            b.task("fetch_a", ctx -> null).pool("vendor_api", 1);
            b.task("fetch_b", ctx -> null).pool("vendor_api", 2);
        }).build();
        kit = new OpsTestKit(ManagedObjectsTest.class, 4, dag);
    }

    @BeforeEach
    void clean() {
        kit.deleteAllRuns();
        kit.jdbc.sql("DELETE FROM variable").update();
        kit.jdbc.sql("DELETE FROM connection").update();
        kit.jdbc.sql("DELETE FROM pool WHERE name NOT IN ('default_pool', 'market_data_provider')").update();
    }

    private ManagedObjects with(SecretCipher cipher) {
        return new ManagedObjects(kit.tx, new AuditLog(kit.jdbc, kit.clock), new PoolStore(kit.jdbc),
                new VariableStore(kit.jdbc, cipher), new ConnectionStore(kit.jdbc, cipher));
    }

    private String raw(String sql, String id) {
        return kit.jdbc.sql(sql).param("id", id).query(String.class).single();
    }

    private List<String> auditExtras() {
        return kit.jdbc.sql("SELECT event || ' ' || extra FROM audit_log ORDER BY id").query(String.class).list();
    }

    @Test
    void a_variable_is_stored_encrypted_and_read_back_in_plain_text_and_the_audit_never_holds_its_value() {
        ManagedObjects objects = with(SecretCipher.of(KEY_A, null));
        objects.putVariable("rates_url", "https://rates.example/v2", "vendor endpoint", ALICE);

        String stored = raw("SELECT val FROM variable WHERE key = :id", "rates_url");
        assertThat(stored).startsWith("v1:").doesNotContain("rates.example");
        assertThat(objects.variables().value("rates_url")).contains("https://rates.example/v2");
        objects.putVariable("rates_url", "https://rates.example/v3", null, ALICE);
        objects.deleteVariable("rates_url", ALICE);
        assertThat(objects.variables().find("rates_url")).isEmpty();
        assertThat(auditExtras()).hasSize(3).noneMatch(e -> e.contains("rates.example"));
        assertThat(auditExtras().get(0)).startsWith("variable.create");
        assertThat(auditExtras().get(1)).startsWith("variable.edit");
        assertThat(auditExtras().get(2)).startsWith("variable.delete");
    }

    @Test
    void without_a_key_a_secret_looking_variable_or_a_password_is_refused_and_the_rest_is_stored_plain() {
        ManagedObjects objects = with(SecretCipher.disabled());
        assertThatThrownBy(() -> objects.putVariable("vendor_api_key", "k-123", null, ALICE))
                .isInstanceOf(SecretCipher.SecretKeyMissingException.class)
                .hasMessageContaining("PIPELINE_SECRET_KEY is not set");
        assertThatThrownBy(() -> objects.createConnection(conn("vendor_http", "s3cret", null), ALICE))
                .isInstanceOf(SecretCipher.SecretKeyMissingException.class);
        assertThatThrownBy(() -> objects.createConnection(conn("vendor_http", null, "{\"api_token\": \"t\"}"),
                ALICE)).isInstanceOf(SecretCipher.SecretKeyMissingException.class);
        assertThat(kit.jdbc.sql("SELECT count(*) FROM variable").query(Integer.class).single()).isZero();
        assertThat(kit.jdbc.sql("SELECT count(*) FROM connection").query(Integer.class).single()).isZero();

        objects.putVariable("symbols", "AAPL,MSFT", null, ALICE);
        objects.createConnection(conn("vendor_http", null, "{\"timeout\": 5}"), ALICE);
        assertThat(raw("SELECT val FROM variable WHERE key = :id", "symbols")).isEqualTo("AAPL,MSFT");
        assertThat(objects.connections().get("vendor_http").orElseThrow().extra()).isEqualTo("{\"timeout\": 5}");
    }

    @Test
    void a_connection_password_and_extra_are_encrypted_and_a_ciphertext_moved_to_another_row_does_not_decrypt() {
        ManagedObjects objects = with(SecretCipher.of(KEY_A, null));
        objects.createConnection(conn("vendor_a", "pw-a", "{\"region\": \"eu-west-1\"}"), ALICE);
        objects.createConnection(conn("vendor_b", "pw-b", null), ALICE);
        assertThat(raw("SELECT password FROM connection WHERE conn_id = :id", "vendor_a"))
                .startsWith("v1:").doesNotContain("pw-a");
        assertThat(raw("SELECT extra FROM connection WHERE conn_id = :id", "vendor_a")).doesNotContain("eu-west-1");
        StoredConnection a = objects.connections().get("vendor_a").orElseThrow();
        assertThat(a.password()).isEqualTo("pw-a");
        assertThat(a.extra()).isEqualTo("{\"region\": \"eu-west-1\"}");
        assertThat(auditExtras()).noneMatch(e -> e.contains("pw-a") || e.contains("eu-west-1"));

        kit.jdbc.sql("UPDATE connection SET password = (SELECT password FROM connection WHERE conn_id = 'vendor_a')"
                + " WHERE conn_id = 'vendor_b'").update();
        assertThatThrownBy(() -> objects.connections().get("vendor_b"))
                .hasMessageContaining("does not decrypt");
    }

    @Test
    void a_rotation_reads_old_values_with_the_previous_key_and_rewrites_them_under_the_new_one() {
        with(SecretCipher.of(KEY_A, null)).putVariable("token", "tok-1", null, ALICE);
        with(SecretCipher.disabled()).putVariable("plain", "p", null, ALICE);
        with(SecretCipher.of(KEY_A, null)).createConnection(conn("vendor_a", "pw-a", null), ALICE);

        assertThatThrownBy(() -> with(SecretCipher.of(KEY_B, null)).variables().value("token"))
                .isInstanceOf(SecretCipher.SecretKeyMissingException.class)
                .hasMessageContaining("PIPELINE_SECRET_KEY_PREVIOUS");
        ManagedObjects rotating = with(SecretCipher.of(KEY_B, KEY_A));
        assertThat(rotating.variables().value("token")).contains("tok-1");
        assertThat(rotating.reencryptAll()).isEqualTo(3);
        assertThat(rotating.reencryptAll()).isZero();

        ManagedObjects rotated = with(SecretCipher.of(KEY_B, null));
        assertThat(rotated.variables().value("token")).contains("tok-1");
        assertThat(rotated.variables().value("plain")).contains("p");
        assertThat(rotated.connections().get("vendor_a").orElseThrow().password()).isEqualTo("pw-a");
    }

    @Test
    void a_pool_with_queued_or_running_instances_is_not_deleted_and_the_refusal_gives_the_count() {
        ManagedObjects objects = with(SecretCipher.disabled());
        PoolRow created = objects.createPool("vendor_api", 3, "vendor calls", false, ALICE);
        assertThat(created.openSlots()).isEqualTo(3);
        kit.run("vendor", "2026-01-05");
        kit.setTi("vendor", "run_2026-01-05", "fetch_a", TaskState.RUNNING, 1);
        kit.setTi("vendor", "run_2026-01-05", "fetch_b", TaskState.QUEUED, 0);

        PoolRow busy = objects.pools().find("vendor_api").orElseThrow();
        assertThat(busy.runningSlots()).isEqualTo(1);
        assertThat(busy.queuedSlots()).isEqualTo(2);
        assertThat(busy.occupiedSlots()).isEqualTo(3);
        assertThat(busy.openSlots()).isZero();
        assertThatThrownBy(() -> objects.deletePool("vendor_api", ALICE)).isInstanceOf(OpsConflictException.class)
                .hasMessageContaining("has 2 queued or running");
        assertThatThrownBy(() -> objects.updatePool("vendor_api", "vendor", 3, null, false, List.of("name"), ALICE))
                .isInstanceOf(OpsConflictException.class).hasMessageContaining("cannot be renamed");

        kit.setTi("vendor", "run_2026-01-05", "fetch_a", TaskState.SUCCESS, 1);
        kit.setTi("vendor", "run_2026-01-05", "fetch_b", TaskState.SUCCESS, 1);
        objects.deletePool("vendor_api", ALICE);
        assertThat(objects.pools().find("vendor_api")).isEmpty();
        assertThat(auditExtras()).anyMatch(e -> e.startsWith("pool.delete") && e.contains("vendor_api"));
    }

    @Test
    void the_default_pool_is_neither_deleted_nor_renamed_but_its_slots_change() {
        ManagedObjects objects = with(SecretCipher.disabled());
        assertThatThrownBy(() -> objects.deletePool("default_pool", ALICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Default Pool can't be deleted");
        assertThatThrownBy(() -> objects.updatePool("default_pool", "other", 5, null, false, List.of("name"), ALICE))
                .isInstanceOf(IllegalArgumentException.class);
        PoolRow before = objects.pools().find("default_pool").orElseThrow();
        try {
            assertThat(objects.updatePool("default_pool", "default_pool", 64, before.description(), false,
                    List.of("slots"), ALICE).slots()).isEqualTo(64);
        } finally {
            objects.updatePool("default_pool", "default_pool", before.slots(), before.description(), false,
                    List.of("slots"), ALICE);
        }
    }

    @Test
    void the_environment_wins_over_a_stored_connection_and_a_stored_one_is_found_with_its_secrets_reported() {
        ManagedObjects objects = with(SecretCipher.of(KEY_A, null));
        objects.createConnection(conn("object_store", "stored-pw", null), ALICE);
        objects.createConnection(conn("vendor_http", "vendor-pw", "{\"api_key\": \"k-9\", \"timeout\": \"5\"}"),
                ALICE);
        List<Connection> seen = new ArrayList<>();
        ConnectionRegistry registry = new ConnectionRegistry(
                Map.of("PIPELINE_CONN_OBJECT_STORE", "s3://env-bucket?region=eu-west-1"), objects.connections(),
                seen::add);

        assertThat(registry.get("object_store").host()).isEqualTo("env-bucket");
        Connection vendor = registry.get("vendor_http");
        assertThat(vendor.scheme()).isEqualTo("https");
        assertThat(vendor.password()).isEqualTo("vendor-pw");
        assertThat(vendor.extra("timeout")).contains("5");
        assertThat(seen).extracting(Connection::id).containsExactly("vendor_http");
        assertThat(seen.getFirst().secrets()).contains("vendor-pw", "k-9");
        assertThat(registry.ids()).contains("object_store", "vendor_http");
        assertThat(registry.find("missing")).isEmpty();
    }

    @Test
    void a_task_reads_a_stored_variable_through_its_context_and_sees_a_change_at_the_next_read() {
        ManagedObjects objects = with(SecretCipher.of(KEY_A, null));
        objects.putVariable("symbols", "AAPL,MSFT", null, ALICE);
        TestTaskContext ctx = TestTaskContext.create()
                .with(Variables.class, key -> objects.variables().value(key));

        assertThat(ctx.variable("symbols")).isEqualTo("AAPL,MSFT");
        objects.putVariable("symbols", "AAPL", null, ALICE);
        assertThat(ctx.variable("symbols")).isEqualTo("AAPL");
        assertThat(ctx.variable("missing", "none")).isEqualTo("none");
        assertThatThrownBy(() -> ctx.variable("missing"))
                .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("'missing'");
    }

    private static StoredConnection conn(String id, String password, String extra) {
        return new StoredConnection(id, "https", "a vendor", "api.vendor.example", null, "svc", password, 443,
                extra);
    }
}
