package io.pipeline.web.ops;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.ops.AuditEntry;
import io.pipeline.ops.AuditFilter;
import io.pipeline.ops.AuditQuery;
import io.pipeline.store.Page;
import io.pipeline.web.api.ApiException;
import io.pipeline.web.api.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Airflow's {@code GET /eventLogs} and {@code GET /eventLogs/{event_log_id}}: the audit log, filtered and paged. */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/eventLogs")
public class EventLogApiController {

    /** The order_by fields of event logs (Airflow's names). */
    static final Set<String> ORDER = Set.of("event_log_id", "when", "dag_id", "task_id", "run_id", "event",
            "execution_date", "owner", "map_index", "try_number");

    private final AuditQuery audit;

    public EventLogApiController(AuditQuery audit) {
        this.audit = audit;
    }

    /** Airflow's {@code EventLog}; {@code extra} is JSON text with the scope and the task instances affected. */
    public record EventLogJson(long eventLogId, Instant when, String dagId, String taskId, String runId,
                               Integer mapIndex, Integer tryNumber, String event, Instant executionDate, String owner,
                               String extra) {
        static EventLogJson of(AuditEntry e) {
            return new EventLogJson(e.id(), e.when(), e.dagId(), e.taskId(), e.runId(), e.mapIndex(), e.tryNumber(),
                    e.event(), e.logicalDate(), e.owner(), e.extra());
        }
    }

    /** Airflow's {@code EventLogCollection}. */
    public record Collection(List<EventLogJson> eventLogs, long totalEntries) {
    }

    @GetMapping
    public Collection list(@RequestParam(required = false) Integer limit,
                           @RequestParam(required = false) Integer offset,
                           @RequestParam(name = "order_by", required = false) String orderBy,
                           @RequestParam(name = "dag_id", required = false) String dagId,
                           @RequestParam(name = "task_id", required = false) String taskId,
                           @RequestParam(name = "run_id", required = false) String runId,
                           @RequestParam(name = "map_index", required = false) Integer mapIndex,
                           @RequestParam(name = "try_number", required = false) Integer tryNumber,
                           @RequestParam(required = false) String event,
                           @RequestParam(required = false) String owner,
                           @RequestParam(required = false) String before,
                           @RequestParam(required = false) String after,
                           @RequestParam(name = "included_events", required = false) String included,
                           @RequestParam(name = "excluded_events", required = false) String excluded) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, ORDER, "event_log_id");
        AuditFilter filter = new AuditFilter(dagId, taskId, runId, mapIndex, tryNumber, event, owner,
                instant("before", before), instant("after", after), csv(included), csv(excluded));
        Page<AuditEntry> found = audit.list(filter, page.limit(), page.offset(),
                (page.descending() ? "-" : "") + page.orderBy());
        return new Collection(found.items().stream().map(EventLogJson::of).toList(), found.totalEntries());
    }

    @GetMapping("/{eventLogId}")
    public EventLogJson get(@PathVariable long eventLogId) {
        return audit.get(eventLogId).map(EventLogJson::of)
                .orElseThrow(() -> ApiException.notFound("Event log " + eventLogId + " not found"));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Parameter '" + name + "': '" + value + "' is not an RFC 3339 date-time"
                    + " such as 2024-05-01T04:00:00Z");
        }
    }

    private static List<String> csv(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }
}
