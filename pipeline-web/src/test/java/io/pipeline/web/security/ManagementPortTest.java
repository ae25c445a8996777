package io.pipeline.web.security;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code management.server.port} set, actuator moves to its own port and Prometheus scrapes it without a login. */
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortTest extends ApiTestBase {

    @LocalManagementPort
    int managementPort;

    @Test
    void prometheus_is_open_on_the_management_port_and_actuator_is_gone_from_the_application_port() {
        assertThat(managementPort).isNotEqualTo(port);
        ApiClient.Response metrics = ApiClient.anonymous(managementPort).get("/actuator/prometheus");
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(ApiClient.anonymous(managementPort).get("/actuator/health").status()).isEqualTo(200);
        assertThat(ApiClient.anonymous(managementPort).get("/actuator/env").status()).isIn(401, 404);

        assertThat(anonymous().get("/actuator/prometheus").status()).isIn(401, 404);
    }
}
