package io.pipeline.web.ui;

import io.pipeline.ops.AuditQuery;
import io.pipeline.ops.Operations;

import java.util.Objects;

/** The operations service and the audit-log reader the dashboard's actions and pages use. */
public record UiOps(Operations operations, AuditQuery audit) {
    public UiOps {
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(audit, "audit");
    }
}
