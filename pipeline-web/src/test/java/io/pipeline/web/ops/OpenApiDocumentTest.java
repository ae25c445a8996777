package io.pipeline.web.ops;

import io.pipeline.web.testing.ApiClient;
import io.pipeline.web.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/openapi.json} is open and describes exactly the API: every controller mapping under /api/v1
 * (method and path) is in the document, and the document lists nothing that is not mapped.
 */
class OpenApiDocumentTest extends ApiTestBase {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void the_document_is_served_without_credentials() {
        ApiClient.Response r = anonymous().get("/api/v1/openapi.json");

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode doc = r.json();
        assertThat(doc.path("openapi").asString()).startsWith("3.");
        assertThat(doc.path("servers").get(0).path("url").asString()).isEqualTo("/api/v1");
        assertThat(doc.path("components").path("schemas").path("ClearTaskInstances").path("properties")
                .path("dry_run").path("default").asBoolean()).isTrue();
    }

    @Test
    void every_api_mapping_is_in_the_document_and_the_document_lists_only_mappings() {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/v1/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods).as("mapping %s names its HTTP method(s)", pattern).isNotEmpty();
                for (RequestMethod m : methods) {
                    mapped.add(m.name().toLowerCase(Locale.ROOT) + " " + normalise(pattern.substring("/api/v1".length())));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        JsonNode paths = anonymous().get("/api/v1/openapi.json").json().path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                if (METHODS.contains(method)) {
                    documented.add(method + " " + normalise(path));
                }
            }
        }

        assertThat(documented).as("documented").containsAll(mapped);
        assertThat(mapped).as("mapped").containsAll(documented);
    }

    /** {@code /dags/{dagId}/x/{mapIndex:\d+}} and {@code /dags/{dag_id}/x/{map_index}} alike: {@code /dags/{}/x/{}}. */
    static String normalise(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
