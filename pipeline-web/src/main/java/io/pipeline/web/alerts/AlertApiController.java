package io.pipeline.web.alerts;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.alert.AlertQueries;
import io.pipeline.alert.AlertQueries.ResendOutcome;
import io.pipeline.alert.AlertState;
import io.pipeline.alert.AlertView;
import io.pipeline.ops.Actor;
import io.pipeline.web.api.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Ours, in the API's conventions: {@code GET /alerts} (newest first, with delivery state, filters, {@code limit} /
 * {@code offset}, {@code total_entries}), {@code GET /alerts/{alert_id}} with every delivery attempt, and, for Op
 * and Admin (declared per handler with {@code RequiresRole}), {@code POST /alerts/{alert_id}/resend} and {@code POST /alerts/resend}
 * for undeliverable alerts once the configuration is fixed.
 */
@RequiresRole(Role.VIEWER)
@RestController
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RequestMapping("/api/v1/alerts")
public class AlertApiController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AlertQueries queries;
    private final AlertResends resends;

    AlertApiController(AlertQueries queries, AlertResends resends) {
        this.queries = queries;
        this.resends = resends;
    }

    @GetMapping
    public AlertJson.Collection list(@RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) Integer offset,
                                     @RequestParam(required = false) String state,
                                     @RequestParam(name = "dag_id", required = false) String dagId,
                                     @RequestParam(name = "dag_run_id", required = false) String runId,
                                     @RequestParam(name = "task_id", required = false) String taskId,
                                     @RequestParam(required = false) String event,
                                     @RequestParam(required = false) String notifier,
                                     @RequestParam(name = "created_at_gte", required = false) String createdGte,
                                     @RequestParam(name = "created_at_lte", required = false) String createdLte) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.badRequest("Parameter 'limit' must be between 1 and " + MAX_LIMIT + ", got " + l);
        }
        if (o < 0) {
            throw ApiException.badRequest("Parameter 'offset' must be 0 or more, got " + o);
        }
        Instant lte = instant("created_at_lte", createdLte);
        AlertView.Filter filter = new AlertView.Filter(blankToNull(dagId), blankToNull(runId), blankToNull(taskId),
                parse("state", state, AlertState::of), parse("event", event, AlertApiController::event), blankToNull(notifier),
                instant("created_at_gte", createdGte), lte == null ? null : lte.plusNanos(1_000));
        AlertView.Page page = queries.list(filter, l, o);
        return new AlertJson.Collection(page.alerts().stream().map(AlertJson::of).toList(), page.total());
    }

    @GetMapping("/{alert_id}")
    public AlertJson.Detail get(@PathVariable("alert_id") long alertId) {
        return queries.get(alertId).map(AlertJson.Detail::of).orElseThrow(() -> notFound(alertId));
    }

    /** Puts one undeliverable alert back in line; 409 when it is not undeliverable. */
    @RequiresRole(Role.OP)
    @PostMapping("/{alert_id}/resend")
    public AlertJson.Detail resend(@PathVariable("alert_id") long alertId, Authentication user) {
        ResendOutcome outcome = resends.resend(alertId, Actor.api(user.getName()));
        if (outcome == ResendOutcome.NOT_FOUND) {
            throw notFound(alertId);
        }
        if (outcome == ResendOutcome.NOT_UNDELIVERABLE) {
            throw ApiException.conflict("Alert " + alertId + " is "
                    + queries.get(alertId).map(d -> d.alert().state().value()).orElse("gone")
                    + "; only undeliverable alerts can be re-sent");
        }
        return get(alertId);
    }

    /** Puts every undeliverable alert back in line. */
    @RequiresRole(Role.OP)
    @PostMapping("/resend")
    public AlertJson.ResendAll resendAll(Authentication user) {
        return new AlertJson.ResendAll(resends.resendAll(Actor.api(user.getName())));
    }

    private static AlertEvent event(String value) {
        try {
            return AlertEvent.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; use one of " + String.join(", ",
                    java.util.Arrays.stream(AlertEvent.values()).map(AlertEvent::value).toList()));
        }
    }

    private static ApiException notFound(long alertId) {
        return ApiException.notFound("Alert " + alertId + " not found");
    }

    private static <T> T parse(String parameter, String value, Function<String, T> parser) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return parser.apply(v.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Parameter '" + parameter + "': " + e.getMessage());
        }
    }

    private static Instant instant(String parameter, String value) {
        String v = blankToNull(value);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Parameter '" + parameter + "': '" + v
                    + "' is not an RFC 3339 date-time such as 2024-05-01T04:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
