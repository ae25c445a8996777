package io.pipeline.web.api;

import io.pipeline.web.security.PermitAnonymous;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Airflow's {@code GET /version}, open to anyone as in Airflow: the application's version from its jar manifest
 * ({@code development} when run from classes), and no git version (null, as the schema allows).
 */
@PermitAnonymous
@RestController
public class VersionController {

    public record VersionInfo(String version, String gitVersion) {
    }

    @GetMapping("/api/v1/version")
    public VersionInfo version() {
        String version = VersionController.class.getPackage().getImplementationVersion();
        return new VersionInfo(version == null ? "development" : version, null);
    }
}
