package io.pipeline.web.ops;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mutating endpoint against every role: no credentials 401, a role below the one needed 403 naming it, the
 * role needed gets through (to a 4xx of its own: the requests name things that do not exist, so nothing changes).
 */
class OpsRolesApiTest extends ApiTestBase {

    static Stream<Arguments> endpoints() {
        String dag = "/api/v1/dags/ops_api_etl";
        return Stream.of(
                Arguments.of("POST", dag + "/clearTaskInstances", "{\"dag_run_id\": \"no_run\"}", Role.USER),
                Arguments.of("POST", dag + "/dagRuns/no_run/clear", "{}", Role.USER),
                Arguments.of("POST", dag + "/updateTaskInstancesState", "{\"dag_run_id\": \"no_run\"}", Role.USER),
                Arguments.of("DELETE", dag + "/dagRuns/no_run", null, Role.USER),
                Arguments.of("POST", dag + "/dagRuns", "{\"conf\": 1}", Role.USER),
                Arguments.of("PATCH", dag, "{}", Role.USER),
                Arguments.of("POST", "/api/v1/backfills", "{}", Role.OP),
                Arguments.of("POST", "/api/v1/backfills/dry_run", "{}", Role.OP),
                Arguments.of("POST", "/api/v1/backfills/987654/pause", "", Role.OP),
                Arguments.of("PUT", "/api/v1/backfills/987654/pause", null, Role.OP),
                Arguments.of("POST", "/api/v1/backfills/987654/unpause", "", Role.OP),
                Arguments.of("PUT", "/api/v1/backfills/987654/unpause", null, Role.OP),
                Arguments.of("POST", "/api/v1/backfills/987654/cancel", "", Role.OP),
                Arguments.of("PUT", "/api/v1/backfills/987654/cancel", null, Role.OP));
    }

    @ParameterizedTest(name = "{0} {1} needs {3}")
    @MethodSource("endpoints")
    void each_mutating_endpoint_needs_its_role(String method, String path, String body, Role needed) {
        assertProblem(call(null, method, path, body), 401, "Authentication required");
        for (Role role : Role.values()) {
            ApiClient.Response r = call(role, method, path, body);
            if (role.includes(needed)) {
                assertThat(r.status()).as(role + " " + r).isBetween(400, 404).isNotIn(401, 403);
            } else {
                assertProblem(r, 403, "needs the " + needed.displayName() + " role");
            }
        }
    }

    private ApiClient.Response call(Role role, String method, String path, String body) {
        if ("PUT".equals(method)) {
            return role == null ? Put.as(port, null, null, path)
                    : Put.as(port, role.displayName().toLowerCase(), password(role), path);
        }
        ApiClient client = role == null ? anonymous() : as(role);
        return switch (method) {
            case "POST" -> client.post(path, body);
            case "PATCH" -> client.patch(path, body);
            case "DELETE" -> client.delete(path);
            default -> throw new IllegalArgumentException(method);
        };
    }
}
