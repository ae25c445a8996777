package io.pipeline.web.ops;

import io.pipeline.web.security.PermitAnonymous;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3 document of this API (open, like {@code /health}). Hand-kept in
 * {@code openapi/pipeline-v1.json}; for the Airflow subset it uses Airflow's paths and schemas. A test checks that
 * every endpoint under {@code /api/v1} is in it.
 */
@PermitAnonymous
@RestController
public class OpenApiController {

    static final String RESOURCE = "openapi/pipeline-v1.json";

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document " + RESOURCE + " is missing from the class path", e);
        }
    }

    @GetMapping(value = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }
}
