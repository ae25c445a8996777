package io.pipeline.web.security;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static HikariDataSource db;
    private UserStore users;

    @BeforeAll
    static void database() {
        db = TestDatabase.migratedDatabase(UserStoreTest.class);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void noUsers() {
        JdbcClient.create(db).sql("DELETE FROM users").update();
        users = new UserStore(db, new BCryptPasswordEncoder(4), Clock.fixed(T0, ZoneOffset.UTC));
    }

    @Test
    void stores_a_bcrypt_hash_and_the_clock_time_and_reads_the_user_back() {
        UserRecord alice = users.create(NewUser.of("alice", "alice-Secret-1", Role.OP));

        assertThat(alice.role()).isEqualTo(Role.OP);
        assertThat(alice.createdAt()).isEqualTo(T0);
        assertThat(alice.passwordHash()).startsWith("$2a$04$").doesNotContain("alice-Secret-1");
        assertThat(users.passwordMatches(alice, "alice-Secret-1")).isTrue();
        assertThat(users.passwordMatches(alice, "wrong")).isFalse();
        assertThat(users.list()).extracting(UserRecord::username).containsExactly("alice");
    }

    @Test
    void a_taken_name_is_refused_by_create_and_ignored_by_create_if_absent() {
        users.create(NewUser.of("alice", "alice-Secret-1", Role.USER));

        assertThat(users.createIfAbsent(NewUser.of("alice", "other-Secret-2", Role.ADMIN))).isFalse();
        assertThatThrownBy(() -> users.create(NewUser.of("alice", "other-Secret-2", Role.ADMIN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("user 'alice' already exists");
        assertThat(users.find("alice").orElseThrow().role()).isEqualTo(Role.USER);
    }

    @Test
    void nodes_creating_the_same_user_at_once_create_it_once() throws Exception {
        int nodes = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(nodes)) {
            for (int i = 0; i < nodes; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return users.createIfAbsent(NewUser.of("admin", "admin-Secret-1", Role.ADMIN));
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> result : results) {
                created += result.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        }
        assertThat(users.list()).hasSize(1);
    }

    @Test
    void changes_write_the_clock_time_and_a_missing_user_is_named() {
        users.create(NewUser.of("bob", "bob-Secret-1", Role.VIEWER));
        UserStore later = new UserStore(db, new BCryptPasswordEncoder(4), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));

        later.changePassword("bob", "bob-Secret-2");
        later.changeRole("bob", Role.ADMIN);

        UserRecord bob = users.find("bob").orElseThrow();
        assertThat(users.passwordMatches(bob, "bob-Secret-2")).isTrue();
        assertThat(bob.role()).isEqualTo(Role.ADMIN);
        assertThat(bob.createdAt()).isEqualTo(T0);
        assertThat(JdbcClient.create(db).sql("SELECT changed_at FROM users WHERE username = 'bob'")
                .query(Timestamp.class).single().toInstant()).isEqualTo(T0.plusSeconds(60));
        assertThat(users.anyActiveAdmin()).isTrue();
        assertThatThrownBy(() -> later.changeRole("nobody", Role.OP))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("user 'nobody' does not exist");
        assertThat(users.delete("bob")).isTrue();
        assertThat(users.delete("bob")).isFalse();
        assertThat(users.anyActiveAdmin()).isFalse();
    }

    @Test
    void the_active_admins_are_locked_until_the_transaction_ends() throws SQLException {
        users.create(NewUser.of("root", "root-Secret-1", Role.ADMIN));
        users.create(NewUser.of("carol", "carol-Secret-1", Role.USER));
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(db));

        List<String> locked = tx.execute(s -> {
            List<String> admins = users.lockActiveAdmins();
            assertThatThrownBy(UserStoreTest::lockAdminsFromAnotherConnection).as("held by the transaction")
                    .hasMessageContaining("could not obtain lock");
            return admins;
        });

        assertThat(locked).containsExactly("root");
        assertThat(lockAdminsFromAnotherConnection()).as("released at commit").containsExactly("root");
    }

    /** A connection of its own, outside Spring's transaction (a JdbcClient on the pool would join it). */
    private static List<String> lockAdminsFromAnotherConnection() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT username FROM users WHERE role = 'Admin' FOR UPDATE NOWAIT")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }
}
