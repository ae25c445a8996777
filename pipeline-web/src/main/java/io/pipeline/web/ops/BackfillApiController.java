package io.pipeline.web.ops;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.dag.Dag;
import io.pipeline.engine.DagRegistry;
import io.pipeline.ops.Backfill;
import io.pipeline.ops.BackfillDates;
import io.pipeline.ops.BackfillRequest;
import io.pipeline.ops.BackfillService;
import io.pipeline.ops.ReprocessBehavior;
import io.pipeline.schedule.InvalidDatasetException;
import io.pipeline.store.Page;
import io.pipeline.web.api.ApiException;
import io.pipeline.web.api.Instants;
import io.pipeline.web.api.JsonRequest;
import io.pipeline.web.api.PageRequest;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.pipeline.web.api.JsonRequest.flag;

/**
 * Backfills, in Airflow 3's shape: create ({@code POST /backfills}), plan ({@code POST /backfills/dry_run}), list,
 * get with progress, and pause / unpause / cancel ({@code PUT}, as Airflow 3, or {@code POST}). Changing needs the
 * Op role. {@code from_date}/{@code to_date} take an RFC 3339 date-time or a date (whole days in the DAG's zone);
 * {@code only_missing_partitions_of} (a partitioned dataset's URI) keeps the dates whose partition has no event yet.
 */
@RequiresRole(Role.OP)
@RestController
@RequestMapping("/api/v1/backfills")
public class BackfillApiController {

    private final BackfillService backfills;
    private final DagRegistry registry;
    private final Validator validator;

    public BackfillApiController(BackfillService backfills, DagRegistry registry, Validator validator) {
        this.backfills = backfills;
        this.registry = registry;
        this.validator = validator;
    }

    @PostMapping
    public BackfillJson create(@Valid @RequestBody(required = false) BackfillPostBody body) {
        BackfillRequest request = request(body);
        return BackfillJson.of(namingTheField(request, () -> backfills.create(request, Actors.current())));
    }

    @PostMapping("/dry_run")
    public BackfillJson.DryRunCollection dryRun(@Valid @RequestBody(required = false) BackfillPostBody body) {
        BackfillRequest request = request(body);
        List<BackfillJson.DryRun> runs = namingTheField(request, () -> backfills.plan(request)).stream()
                .filter(p -> p.action().runs()).map(BackfillJson.DryRun::of).toList();
        return new BackfillJson.DryRunCollection(runs, runs.size());
    }

    @RequiresRole(Role.VIEWER)
    @GetMapping
    public BackfillJson.Collection list(@RequestParam(name = "dag_id", required = false) String dagId,
                                        @RequestParam(required = false) Integer limit,
                                        @RequestParam(required = false) Integer offset) {
        if (dagId != null) {
            PathIds.dagId(dagId);
        }
        PageRequest page = PageRequest.of(limit, offset, null, Set.of("id"), "-id");
        Page<Backfill> found = backfills.list(dagId, page.limit(), page.offset());
        return new BackfillJson.Collection(found.items().stream().map(BackfillJson::of).toList(),
                found.totalEntries());
    }

    @RequiresRole(Role.VIEWER)
    @GetMapping("/{backfillId}")
    public BackfillJson get(@PathVariable long backfillId) {
        return BackfillJson.of(backfills.get(backfillId));
    }

    @RequestMapping(path = "/{backfillId}/pause", method = {RequestMethod.PUT, RequestMethod.POST})
    public BackfillJson pause(@PathVariable long backfillId) {
        return BackfillJson.of(backfills.pause(backfillId, true, Actors.current()));
    }

    @RequestMapping(path = "/{backfillId}/unpause", method = {RequestMethod.PUT, RequestMethod.POST})
    public BackfillJson unpause(@PathVariable long backfillId) {
        return BackfillJson.of(backfills.pause(backfillId, false, Actors.current()));
    }

    @RequestMapping(path = "/{backfillId}/cancel", method = {RequestMethod.PUT, RequestMethod.POST})
    public BackfillJson cancel(@PathVariable long backfillId) {
        return BackfillJson.of(backfills.cancel(backfillId, Actors.current()));
    }

    private BackfillRequest request(BackfillPostBody body) {
        BackfillPostBody b = JsonRequest.orEmpty(body, BackfillPostBody::empty, validator);
        String dagId = PathIds.dagId(b.dagId());
        Dag dag = registry.require(dagId);
        Instant from = bound(dag, "from_date", b.fromDate(), true);
        Instant to = bound(dag, "to_date", b.toDate(), false);
        Integer max = b.maxActiveRuns();
        String reprocess = b.reprocessBehavior();
        return new BackfillRequest(dagId, from, to, flag(b.runBackwards(), false),
                b.dagRunConf() == null ? Map.of() : b.dagRunConf(),
                reprocess == null ? ReprocessBehavior.NONE : ReprocessBehavior.of(reprocess),
                max == null ? BackfillRequest.DEFAULT_MAX_ACTIVE_RUNS : max, missingOf(b.onlyMissingPartitionsOf()));
    }

    /** An unknown or unpartitioned dataset in {@code only_missing_partitions_of}: a 400 naming the field and it. */
    private static <T> T namingTheField(BackfillRequest request, Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidDatasetException e) {
            if (request.missingOf() == null) {
                throw e;
            }
            throw ApiException.badRequest("Field 'only_missing_partitions_of': " + e.getMessage());
        }
    }

    /** Null when absent; a blank URI is a named error (an unknown one is, from the service, naming it). */
    private static String missingOf(String uri) {
        if (uri != null && uri.isBlank()) {
            throw ApiException.badRequest("Field 'only_missing_partitions_of' must be a dataset URI, got a blank"
                    + " string");
        }
        return uri;
    }

    /** An RFC 3339 date-time, or a date {@code YYYY-MM-DD} (whole days in the DAG's zone). */
    private static Instant bound(Dag dag, String field, String value, boolean start) {
        if (value.trim().length() == 10) {
            LocalDate d;
            try {
                d = LocalDate.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("Field '" + field + "': '" + value + "' is neither a date (YYYY-MM-DD)"
                        + " nor an RFC 3339 date-time");
            }
            return start ? BackfillDates.start(dag, d) : BackfillDates.end(dag, d);
        }
        return Instants.field(field, value);
    }
}
