package io.pipeline.web.api;

import io.pipeline.web.security.Role;
import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsApiTest extends ApiTestBase {

    @Test
    void an_unknown_api_path_is_a_404_problem() {
        ApiClient.Response r = as(Role.VIEWER).get("/api/v1/no-such-thing");

        assertProblem(r, 404, "no-such-thing");
        assertThat(r.json().path("type").asString()).endsWith("#section/Errors/NotFound");
        assertThat(r.json().path("instance").asString()).isEqualTo("/api/v1/no-such-thing");
    }

    @Test
    void a_parameter_of_the_wrong_type_is_400_naming_it() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars?limit=many"), 400, "'limit'", "many");
    }

    @Test
    void an_out_of_range_page_is_400_naming_the_parameter() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars?offset=-1"), 400, "'offset'");
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars?limit=0"), 400, "'limit'");
    }

    @Test
    void ordering_by_an_unknown_field_is_400_listing_the_fields() {
        assertProblem(as(Role.VIEWER).get("/api/v1/calendars?order_by=colour"), 400, "'order_by'", "colour", "code");
    }

    @Test
    void a_wrong_method_is_a_405_problem() {
        assertProblem(as(Role.USER).delete("/api/v1/calendars"), 405, "DELETE");
    }
}
