package io.pipeline.web.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiPermissionsTest {

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
            "GET,    /api/v1/health,                                   PUBLIC",
            "GET,    /api/v1/dags,                                     VIEWER",
            "GET,    /api/v1/dags/d/dagRuns/r/taskInstances/t/logs/1,  VIEWER",
            "GET,    /api/v1/calendars/XNYS/sessions,                  VIEWER",
            "GET,    /api/v1/eventLogs,                                VIEWER",
            "PATCH,  /api/v1/dags/d,                                   USER",
            "POST,   /api/v1/dags/d/dagRuns,                           USER",
            "POST,   /api/v1/dags/d/clearTaskInstances,                USER",
            "POST,   /api/v1/dags/d/updateTaskInstancesState,          USER",
            "DELETE, /api/v1/dags/d/dagRuns/r,                         USER",
            "GET,    /api/v1/backfills,                                VIEWER",
            "POST,   /api/v1/backfills,                                OP",
            "GET,    /api/v1/pools,                                    VIEWER",
            "PATCH,  /api/v1/pools/p,                                  OP",
            "GET,    /api/v1/connections,                              OP",
            "GET,    /api/v1/users,                                    ADMIN",
            "POST,   /api/v1/users,                                    ADMIN",
            "GET,    /api/v1/roles,                                    ADMIN",
            "GET,    /api/v1/usersettings,                             VIEWER",
    })
    void each_request_needs_the_least_role_of_airflows_model(String method, String path, String needed) {
        String actual = ApiPermissions.required(method, path).map(Role::name).orElse("PUBLIC");

        assertThat(actual).isEqualTo(needed);
    }

    @ParameterizedTest(name = "{0} includes {1}: {2}")
    @CsvSource({"ADMIN, OP, true", "OP, USER, true", "USER, VIEWER, true", "VIEWER, USER, false", "OP, ADMIN, false"})
    void roles_include_the_ones_below_them(Role role, Role other, boolean includes) {
        assertThat(role.includes(other)).isEqualTo(includes);
    }
}
