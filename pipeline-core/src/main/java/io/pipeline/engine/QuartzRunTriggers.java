package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.store.DagRepository;
import io.pipeline.store.Stores;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.spi.JobFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quartz, clustered on its JDBC job store in the engine's PostgreSQL, fires DAG-run creation at the instants the
 * timetables give: one durable job and one single-fire trigger per scheduled DAG, set to the next run's
 * {@code runAfter}. When it fires (on exactly one node of the cluster) the job creates the due runs (idempotently)
 * and moves the trigger to the following run. The scheduler loop's create-due-runs step stays as the fallback, so a
 * missed fire is never lost. Also a scheduler step: it re-syncs triggers when a DAG's next run changes.
 */
public final class QuartzRunTriggers implements SchedulerStep {
    private static final Logger LOG = LoggerFactory.getLogger(QuartzRunTriggers.class);
    static final String GROUP = "pipeline-dag-runs";
    static final String SCHEDULER_NAME = "pipeline";
    /** Jobs and triggers written per pass, in one Quartz call and transaction. */
    static final int TRIGGERS_PER_PASS = 200;

    private final DagRegistry registry;
    private final CreateDueRunsStep creator;
    private final DagRepository dags;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final Clock clock;
    private final Runnable afterCreate;
    private final SchedulerFactoryBean factory;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final Map<String, Instant> synced = new ConcurrentHashMap<>();
    private Scheduler scheduler;

    public QuartzRunTriggers(DataSource dataSource, PlatformTransactionManager txManager, Stores stores,
                             DagRegistry registry, CreateDueRunsStep creator, EngineConfig config, Clock clock,
                             Runnable afterCreate) {
        this.registry = registry;
        this.creator = creator;
        this.dags = stores.dags();
        this.jdbc = stores.jdbc();
        this.clock = clock;
        this.afterCreate = afterCreate;
        this.tx = new org.springframework.transaction.support.TransactionTemplate(txManager);
        this.factory = new SchedulerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setTransactionManager(txManager);
        factory.setQuartzProperties(properties(config));
        factory.setJobFactory(jobFactory());
        factory.setAutoStartup(false);
        factory.setWaitForJobsToCompleteOnShutdown(false);
        factory.setBeanName("pipeline-quartz-" + config.nodeId());
    }

    static Properties properties(EngineConfig config) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", config.nodeId());
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        return p;
    }

    public synchronized void start() {
        try {
            factory.afterPropertiesSet();
            scheduler = factory.getScheduler();
            scheduler.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start Quartz on the engine's database: " + e.getMessage(), e);
        }
        synced.clear();
        synced.putAll(waitingTriggers());
    }

    /**
     * The DAG triggers already waiting in Quartz's tables, by DAG, at their next fire time: what an earlier start
     * wrote and need not be written again. The loop's {@code quartz_triggers} step writes the others, a bounded number
     * per pass, so that the start does not wait for thousands of trigger writes (the scheduler loop's create step
     * creates due runs meanwhile, as always).
     */
    private Map<String, Instant> waitingTriggers() {
        Map<String, Instant> out = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT trigger_name, next_fire_time FROM qrtz_triggers
                WHERE sched_name = :sched AND trigger_group = :group AND trigger_state = 'WAITING'
                  AND next_fire_time IS NOT NULL
                """)
                .param("sched", SCHEDULER_NAME).param("group", GROUP)
                .query(rs -> {
                    out.put(rs.getString("trigger_name"), Instant.ofEpochMilli(rs.getLong("next_fire_time")));
                });
        return out;
    }

    public synchronized void stop() {
        try {
            factory.destroy();
        } catch (SchedulerException e) {
            LOG.warn("Quartz did not stop cleanly: {}", e.toString());
        }
    }

    @Override
    public String name() {
        return "quartz_triggers";
    }

    /**
     * Puts a trigger at the next run of every unpaused scheduled DAG, and removes the others. The next run comes from
     * the create-due-runs step's plan ({@link CreateDueRunsStep#nextRunAfter}), so an idle pass reads no run and
     * writes no trigger.
     */
    @Override
    public void run(Instant now) {
        if (scheduler == null) {
            return;
        }
        Set<String> wanted = new HashSet<>();
        Map<String, Instant> changed = new LinkedHashMap<>();
        for (String dagId : dags.unpausedActiveIds()) {
            Optional<Dag> dag = registry.dag(dagId).filter(Dag::isScheduled);
            if (dag.isEmpty()) {
                continue;
            }
            Optional<Instant> fireAt = creator.nextRunAfter(dag.get(), now);
            if (fireAt.isPresent()) {
                wanted.add(dagId);
                if (!fireAt.get().equals(synced.get(dagId))) {
                    changed.put(dagId, fireAt.get());
                }
            }
        }
        schedule(changed);
        for (String dagId : Set.copyOf(synced.keySet())) {
            if (!wanted.contains(dagId)) {
                unschedule(dagId);
            }
        }
    }

    /**
     * Replaces the jobs and triggers of the DAGs in {@code fireAt}, at most {@link #TRIGGERS_PER_PASS} of them (in one
     * Quartz call and transaction; the rest on the next passes): at start, a thousand scheduled DAGs were a thousand
     * transactions before the engine was up. Runs inside a transaction: Quartz's clustered job store takes its row
     * locks (QRTZ_LOCKS) in the caller's transaction, which is what keeps two nodes from rewriting the same trigger
     * at once. A failure is logged and retried on the next pass.
     */
    private void schedule(Map<String, Instant> fireAt) {
        if (fireAt.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Instant>> batch = new ArrayList<>(fireAt.entrySet())
                .subList(0, Math.min(fireAt.size(), TRIGGERS_PER_PASS));
        Map<JobDetail, Set<? extends Trigger>> jobs = new LinkedHashMap<>();
        for (Map.Entry<String, Instant> e : batch) {
            String dagId = e.getKey();
            JobDetail job = JobBuilder.newJob(CreateRunJob.class).withIdentity(dagId, GROUP).storeDurably()
                    .usingJobData("dagId", dagId).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(dagId, GROUP).forJob(job)
                    .startAt(Date.from(e.getValue()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            jobs.put(job, Set.of(trigger));
        }
        try {
            tx.executeWithoutResult(s -> {
                try {
                    scheduler.scheduleJobs(jobs, true);
                } catch (SchedulerException ex) {
                    throw new IllegalStateException(ex.getMessage(), ex);
                }
            });
            batch.forEach(e -> synced.put(e.getKey(), e.getValue()));
        } catch (RuntimeException ex) {
            batch.forEach(e -> synced.remove(e.getKey()));
            LOG.warn("could not set the Quartz triggers of {} DAG(s) from '{}' (retrying next pass): {}",
                    batch.size(), batch.get(0).getKey(), ex.getMessage());
        }
    }

    private void unschedule(String dagId) {
        try {
            tx.executeWithoutResult(s -> {
                try {
                    scheduler.deleteJob(JobKey.jobKey(dagId, GROUP));
                } catch (SchedulerException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            synced.remove(dagId);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the Quartz trigger of DAG '{}': {}", dagId, e.getMessage());
        }
    }

    /** What a Quartz fire does: create the DAG's due runs, then move its trigger to the next run. */
    void fired(String dagId) {
        Instant now = clock.instant();
        registry.dag(dagId).filter(Dag::isScheduled).ifPresent(dag -> {
            int created = creator.createDue(dag, now);
            LOG.debug("Quartz fire for DAG {} created {} run(s)", dagId, created);
        });
        synced.remove(dagId);
        run(now);
        afterCreate.run();
    }

    private JobFactory jobFactory() {
        return (bundle, scheduler) -> {
            if (bundle.getJobDetail().getJobClass() != CreateRunJob.class) {
                throw new SchedulerException("unknown job class " + bundle.getJobDetail().getJobClass());
            }
            return new CreateRunJob(this);
        };
    }

    /** The Quartz job; made by this class's job factory with the engine's services. */
    @org.quartz.DisallowConcurrentExecution
    public static final class CreateRunJob implements Job {
        private final QuartzRunTriggers owner;

        public CreateRunJob(QuartzRunTriggers owner) {
            this.owner = owner;
        }

        @Override
        public void execute(org.quartz.JobExecutionContext context) {
            owner.fired(context.getMergedJobDataMap().getString("dagId"));
        }
    }
}
