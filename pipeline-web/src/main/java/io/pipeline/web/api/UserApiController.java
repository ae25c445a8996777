package io.pipeline.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.web.security.Role;
import io.pipeline.web.security.UserAdministration;
import io.pipeline.web.security.UserRecord;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Airflow's {@code GET /users}, {@code /users/{username}} and {@code /roles}, for Admin (Airflow's default roles
 * give users and roles to Admin only). Read-only here: users are managed on the dashboard and with
 * {@code pipeline users}. No password hash ever leaves.
 */
@RequiresRole(Role.ADMIN)
@RestController
public class UserApiController {

    private static final Map<String, Comparator<UserRecord>> USER_ORDER = Map.of(
            "username", Comparator.comparing(UserRecord::username),
            "email", Comparator.comparing(u -> u.email() == null ? "" : u.email()),
            "first_name", Comparator.comparing(u -> u.firstName() == null ? "" : u.firstName()),
            "last_name", Comparator.comparing(u -> u.lastName() == null ? "" : u.lastName()),
            "created_on", Comparator.comparing(u -> u.createdAt() == null ? Instant.EPOCH : u.createdAt()));

    /** What each role may do, as Airflow's actions on resources (each role also has those of the roles below). */
    private static final Map<Role, List<String[]>> ACTIONS = Map.of(
            Role.VIEWER, List.of(new String[] {"can_read", "DAGs"}, new String[] {"can_read", "DAG Runs"},
                    new String[] {"can_read", "Task Instances"}, new String[] {"can_read", "Task Logs"},
                    new String[] {"can_read", "XComs"}, new String[] {"can_read", "Audit Logs"},
                    new String[] {"can_read", "ImportError"}, new String[] {"can_read", "Calendars"},
                    new String[] {"can_read", "Backfills"}),
            Role.USER, List.of(new String[] {"can_edit", "DAGs"}, new String[] {"can_create", "DAG Runs"},
                    new String[] {"can_edit", "DAG Runs"}, new String[] {"can_delete", "DAG Runs"},
                    new String[] {"can_edit", "Task Instances"}),
            Role.OP, List.of(new String[] {"can_read", "Pools"}, new String[] {"can_create", "Pools"},
                    new String[] {"can_edit", "Pools"}, new String[] {"can_delete", "Pools"},
                    new String[] {"can_read", "Variables"}, new String[] {"can_create", "Variables"},
                    new String[] {"can_edit", "Variables"}, new String[] {"can_delete", "Variables"},
                    new String[] {"can_read", "Connections"}, new String[] {"can_create", "Connections"},
                    new String[] {"can_edit", "Connections"}, new String[] {"can_delete", "Connections"},
                    new String[] {"can_create", "Backfills"}),
            Role.ADMIN, List.of(new String[] {"can_read", "Users"}, new String[] {"can_create", "Users"},
                    new String[] {"can_edit", "Users"}, new String[] {"can_delete", "Users"},
                    new String[] {"can_read", "Roles"}));

    private final UserAdministration users;

    public UserApiController(UserAdministration users) {
        this.users = users;
    }

    public record RoleName(String name) {
    }

    /**
     * Airflow's {@code UserCollectionItem}; login statistics are not kept here (null). {@code email} is left out when
     * the user has none, as the schema wants a non-empty string there and does not allow null.
     */
    public record UserJson(String firstName, String lastName, String username,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String email, boolean active,
                           Instant lastLogin, Integer loginCount, Integer failedLoginCount, List<RoleName> roles,
                           Instant createdOn, Instant changedOn) {
        static UserJson of(UserRecord u) {
            return new UserJson(u.firstName() == null ? "" : u.firstName(), u.lastName() == null ? "" : u.lastName(),
                    u.username(), u.email() == null || u.email().isBlank() ? null : u.email(), u.active(), null, null, null,
                    List.of(new RoleName(u.role().displayName())), u.createdAt(), null);
        }
    }

    public record UserCollection(List<UserJson> users, long totalEntries) {
    }

    public record Named(String name) {
    }

    public record ActionResource(Named action, Named resource) {
    }

    public record RoleJson(String name, List<ActionResource> actions) {
    }

    public record RoleCollection(List<RoleJson> roles, long totalEntries) {
    }

    @GetMapping("/api/v1/users")
    public UserCollection list(@RequestParam(required = false) Integer limit,
                               @RequestParam(required = false) Integer offset,
                               @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, USER_ORDER.keySet(), "username");
        Comparator<UserRecord> order = USER_ORDER.get(page.orderBy());
        List<UserRecord> all = users.list().stream().sorted(page.descending() ? order.reversed() : order).toList();
        List<UserJson> items = all.stream().skip(page.offset()).limit(page.limit()).map(UserJson::of).toList();
        return new UserCollection(items, all.size());
    }

    @GetMapping("/api/v1/users/{username}")
    public UserJson get(@PathVariable String username) {
        return users.find(username).map(UserJson::of)
                .orElseThrow(() -> ApiException.notFound("The User with username `" + username + "` was not found"));
    }

    @GetMapping("/api/v1/roles")
    public RoleCollection roles(@RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) Integer offset,
                                @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, java.util.Set.of("name"), "name");
        List<RoleJson> all = Arrays.stream(Role.values()).map(UserApiController::role)
                .sorted(page.descending() ? Comparator.comparing(RoleJson::name).reversed()
                        : Comparator.comparing(RoleJson::name)).toList();
        return new RoleCollection(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size());
    }

    private static RoleJson role(Role role) {
        List<ActionResource> actions = new ArrayList<>();
        for (Role r : Role.values()) {
            if (role.includes(r)) {
                ACTIONS.get(r).forEach(a -> actions.add(new ActionResource(new Named(a[0]), new Named(a[1]))));
            }
        }
        return new RoleJson(role.displayName(), actions);
    }
}
