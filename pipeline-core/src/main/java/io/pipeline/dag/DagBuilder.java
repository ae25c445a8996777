package io.pipeline.dag;

import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.schedule.InvalidScheduleException;
import io.pipeline.schedule.Schedules;
import io.pipeline.schedule.Timetable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The DSL for authoring a DAG in Java:
 * <pre>{@code
 * Dag dag = DagBuilder.dag("example")
 *         .schedule(Schedules.cron("0 4 * * 1-5", "America/New_York"))
 *         .startDate(LocalDate.of(2024, 1, 1), "America/New_York")
 *         .defaults(d -> d.retries(2).retryDelay(Duration.ofSeconds(3)))
 *         .tasks(b -> {
 *             var extract = b.task("extract", ctx -> List.of("AAPL", "MSFT"));
 *             var fetch = b.task("fetch", ctx -> ctx.mapItem(String.class)).expand(extract);
 *             fetch.then(b.task("load", ctx -> null));
 *         })
 *         .build();
 * }</pre>
 * {@link #build()} validates the whole DAG and throws {@link DagValidationException} naming the DAG and the task.
 */
public final class DagBuilder {
    private final String dagId;
    private final List<String> problems = new ArrayList<>();
    private String description;
    private String owner = "pipeline";
    private final Set<String> tags = new LinkedHashSet<>();
    private Timetable timetable = Schedules.manual();
    private Instant startDate;
    private Instant endDate;
    private boolean catchup;
    private int maxActiveRuns = 16;
    private int maxActiveTasks = 16;
    private final Map<String, ParamSpec> params = new LinkedHashMap<>();
    private final TaskDefaults defaults = new TaskDefaults();
    private final TaskGraph graph = new TaskGraph();
    private String source;
    private String doc;
    private final List<AlertPolicy> alertPolicies = new ArrayList<>();

    private DagBuilder(String dagId) {
        this.dagId = dagId;
    }

    public static DagBuilder dag(String dagId) {
        return new DagBuilder(dagId);
    }

    public DagBuilder description(String value) {
        this.description = value;
        return this;
    }

    public DagBuilder owner(String value) {
        this.owner = value;
        return this;
    }

    public DagBuilder tags(String... values) {
        tags.addAll(Arrays.asList(values));
        return this;
    }

    /** The timetable (see {@code Schedules}); manual-only when never called. */
    public DagBuilder schedule(Timetable value) {
        this.timetable = value == null ? Schedules.manual() : value;
        return this;
    }

    /** A cron schedule in an IANA zone; a bad expression is reported by {@link #build()} naming the DAG. */
    public DagBuilder schedule(String cronExpression, String zone) {
        try {
            this.timetable = Schedules.cron(cronExpression, zone);
        } catch (InvalidScheduleException | java.time.DateTimeException e) {
            problems.add("invalid schedule: " + e.getMessage());
        }
        return this;
    }

    public DagBuilder startDate(Instant value) {
        this.startDate = value;
        return this;
    }

    /** Midnight of {@code date} in {@code zone}. */
    public DagBuilder startDate(LocalDate date, String zone) {
        this.startDate = date.atStartOfDay(ZoneId.of(zone)).toInstant();
        return this;
    }

    public DagBuilder endDate(Instant value) {
        this.endDate = value;
        return this;
    }

    /** Create the runs missed since the start date (true) or only the latest due one (false, the default). */
    public DagBuilder catchup(boolean value) {
        this.catchup = value;
        return this;
    }

    public DagBuilder maxActiveRuns(int value) {
        this.maxActiveRuns = value;
        return this;
    }

    public DagBuilder maxActiveTasks(int value) {
        this.maxActiveTasks = value;
        return this;
    }

    public DagBuilder param(ParamSpec spec) {
        if (params.putIfAbsent(spec.name(), spec) != null) {
            problems.add("param '" + spec.name() + "' is declared twice");
        }
        return this;
    }

    public DagBuilder params(ParamSpec... specs) {
        for (ParamSpec spec : specs) {
            param(spec);
        }
        return this;
    }

    public DagBuilder defaults(Consumer<TaskDefaults> settings) {
        settings.accept(defaults);
        return this;
    }

    public DagBuilder tasks(Consumer<TaskGraph> declarations) {
        declarations.accept(graph);
        return this;
    }

    /** Shown as where the DAG comes from; {@code DagBag} sets it to the defining class when unset. */
    public DagBuilder source(String value) {
        this.source = value;
        return this;
    }

    public DagBuilder doc(String value) {
        this.doc = value;
        return this;
    }

    /**
     * Alerts of this DAG: a DAG-level policy ({@code AlertPolicy.dag(FAILURE, RETRY)}) and per-task ones
     * ({@code AlertPolicy.task("load", FAILURE).channel("#desk")}), with channels, notifiers and deadlines. Calls
     * add up; {@link #build()} reports a policy for an unknown task and duplicate policies.
     */
    public DagBuilder alerts(AlertPolicy... policies) {
        alertPolicies.addAll(Arrays.asList(policies));
        return this;
    }

    /** Validates and returns the DAG with tasks in topological order. */
    public Dag build() {
        String idProblem = Ids.problem("DAG", dagId);
        if (idProblem != null) {
            throw new DagValidationException(String.valueOf(dagId), idProblem);
        }
        Map<String, TaskDef> defs = graph.toDefs(defaults);
        TaskGroups groups = graph.toGroups();
        List<String> all = new ArrayList<>(problems);
        all.addAll(graph.problems());
        try {
            Dag dag = new Dag(dagId, description, owner, tags, timetable, startDate, endDate, catchup, maxActiveRuns,
                    maxActiveTasks, params, defs, source, doc, alertPolicies, all.isEmpty() ? groups : null);
            if (all.isEmpty()) {
                return dag;
            }
        } catch (DagValidationException e) {
            all.addAll(e.problems());
        }
        throw new DagValidationException(dagId, all);
    }
}
