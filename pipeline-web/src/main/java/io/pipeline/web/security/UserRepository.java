package io.pipeline.web.security;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Spring Data access to {@code users}. Writes are bulk statements rather than entity updates, so that each change
 * is one statement whether or not an outer transaction holds the entity; the insert keeps PostgreSQL's
 * {@code ON CONFLICT DO NOTHING}, so that two nodes bootstrapping the same admin race safely.
 */
@Transactional(readOnly = true)
interface UserRepository extends Repository<UserEntity, Long> {

    Optional<UserEntity> findByUsername(String username);

    List<UserEntity> findAllByOrderByUsernameAsc();

    @Query("select count(u) > 0 from UserEntity u where u.role = 'Admin' and u.active = true")
    boolean anyActiveAdmin();

    /** The names of the active Admins, their rows locked until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    @Query(nativeQuery = true, value = """
            SELECT username FROM users WHERE role = 'Admin' AND active ORDER BY id FOR UPDATE""")
    List<String> lockActiveAdmins();

    /** @return 1 when inserted, 0 when a user of that name exists */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            INSERT INTO users (username, password_hash, role, first_name, last_name, email, active,
                               created_at, changed_at)
            VALUES (:username, :hash, :role, :first, :last, :email, TRUE, :now, :now)
            ON CONFLICT (username) DO NOTHING""")
    int insertIfAbsent(@Param("username") String username, @Param("hash") String passwordHash,
                       @Param("role") String role, @Param("first") String firstName, @Param("last") String lastName,
                       @Param("email") String email, @Param("now") Instant now);

    @Transactional
    @Modifying(clearAutomatically = true)
    @Query("delete from UserEntity u where u.username = :username")
    int deleteByUsername(@Param("username") String username);

    @Transactional
    @Modifying(clearAutomatically = true)
    @Query("update UserEntity u set u.passwordHash = :hash, u.changedAt = :now where u.username = :username")
    int updatePassword(@Param("username") String username, @Param("hash") String passwordHash,
                       @Param("now") Instant now);

    @Transactional
    @Modifying(clearAutomatically = true)
    @Query("update UserEntity u set u.role = :role, u.changedAt = :now where u.username = :username")
    int updateRole(@Param("username") String username, @Param("role") String role, @Param("now") Instant now);
}
