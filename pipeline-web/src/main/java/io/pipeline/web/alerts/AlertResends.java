package io.pipeline.web.alerts;

import io.pipeline.alert.AlertQueries;
import io.pipeline.alert.AlertQueries.ResendOutcome;
import io.pipeline.alert.AlertView;
import io.pipeline.ops.Actor;
import io.pipeline.ops.AuditLog;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.Optional;

/**
 * Re-sending undeliverable alerts after the configuration was fixed, each re-send recorded in the audit log
 * ({@code GET /eventLogs}, events {@code alert.resend} and {@code alert.resend_all}) in the same transaction.
 */
final class AlertResends {

    private final AlertQueries queries;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    AlertResends(AlertQueries queries, TransactionTemplate tx, AuditLog audit) {
        this.queries = queries;
        this.tx = tx;
        this.audit = audit;
    }

    ResendOutcome resend(long alertId, Actor actor) {
        return tx.execute(status -> {
            Optional<AlertView.Detail> alert = queries.get(alertId);
            if (alert.isEmpty()) {
                return ResendOutcome.NOT_FOUND;
            }
            ResendOutcome outcome = queries.resend(alertId);
            if (outcome == ResendOutcome.RESENT) {
                AlertView a = alert.get().alert();
                audit.record(actor, "alert.resend", a.dagId(), a.runId(), a.taskId(), null,
                        Map.of("alert_id", alertId, "notifier", a.notifier(), "event", a.event().value()), null);
            }
            return outcome;
        });
    }

    int resendAll(Actor actor) {
        Integer resent = tx.execute(status -> {
            int n = queries.resendAllUndeliverable();
            if (n > 0) {
                audit.record(actor, "alert.resend_all", null, null, null, null, Map.of("resent", n), null);
            }
            return n;
        });
        return resent == null ? 0 : resent;
    }
}
