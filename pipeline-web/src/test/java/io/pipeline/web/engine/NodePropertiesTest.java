package io.pipeline.web.engine;

import io.pipeline.engine.EngineConfig;
import io.pipeline.web.config.NodeRole;
import io.pipeline.web.config.PipelineProperties;
import io.pipeline.web.config.RunModes;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code pipeline.node.*} properties, bound as Spring Boot binds them, reach the engine's configuration. */
class NodePropertiesTest {

    static PipelineProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("pipeline", PipelineProperties.class);
    }

    static RunModes modes(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("pipeline", RunModes.class);
    }

    @Test
    void queues_concurrency_heartbeat_and_lost_threshold_reach_the_engine_config() {
        PipelineProperties p = bind(Map.of(
                "pipeline.node.id", "big-1",
                "pipeline.node.roles", "worker",
                "pipeline.node.queues", "big, default",
                "pipeline.node.worker-concurrency", "4",
                "pipeline.node.shutdown-grace", "7s",
                "pipeline.node.heartbeat-interval", "2s",
                "pipeline.node.lost-threshold", "20s"));

        EngineConfig config = new EngineConfiguration().engineConfig(p, modes(Map.of(
                "pipeline.dags.paused-on-creation", "true")));

        assertThat(config.nodeId()).isEqualTo("big-1");
        assertThat(config.worker()).isTrue();
        assertThat(config.scheduler()).isFalse();
        assertThat(config.triggerer()).as("a worker node holds deferred waits too").isTrue();
        assertThat(config.queues()).containsExactly("big", "default");
        assertThat(config.workerConcurrency()).isEqualTo(4);
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.zombieThreshold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.node().shutdownGrace()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.pausedAtCreation()).isTrue();
    }

    @Test
    void the_default_roles_run_the_triggerer_and_a_triggerer_only_node_runs_nothing_else() {
        EngineConfig defaults = new EngineConfiguration().engineConfig(bind(Map.of("pipeline.node.id", "all-1")), modes(Map.of()));
        assertThat(bind(Map.of("pipeline.node.id", "all-1")).node().roles()).as("the contract's default roles")
                .containsExactlyInAnyOrder(NodeRole.SCHEDULER, NodeRole.WORKER, NodeRole.WEB);
        assertThat(defaults.scheduler()).isTrue();
        assertThat(defaults.worker()).isTrue();
        assertThat(defaults.triggerer()).isTrue();

        EngineConfig only = new EngineConfiguration().engineConfig(bind(Map.of(
                "pipeline.node.id", "trig-1", "pipeline.node.roles", "triggerer")), modes(Map.of()));
        assertThat(only.triggerer()).isTrue();
        assertThat(only.scheduler()).isFalse();
        assertThat(only.worker()).isFalse();

        EngineConfig schedulerOnly = new EngineConfiguration().engineConfig(bind(Map.of(
                "pipeline.node.id", "sched-1", "pipeline.node.roles", "scheduler,web")), modes(Map.of()));
        assertThat(schedulerOnly.triggerer()).isFalse();
    }

    @Test
    void the_environment_variable_form_binds_too() {
        var env = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.<String, Object>of(
                "PIPELINE_NODE_QUEUES", "big",
                "PIPELINE_NODE_WORKER_CONCURRENCY", "2",
                "PIPELINE_NODE_SHUTDOWN_GRACE", "45s"));
        PipelineProperties p = new Binder(ConfigurationPropertySources.from(env)).bindOrCreate("pipeline", PipelineProperties.class);

        assertThat(p.node().queues()).containsExactly("big");
        assertThat(p.node().workerConcurrency()).isEqualTo(2);
        assertThat(p.node().shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void defaults_are_queue_default_sixteen_slots_thirty_seconds_grace_and_sixty_seconds_lost() {
        PipelineProperties p = bind(Map.of());

        EngineConfig config = new EngineConfiguration().engineConfig(p, modes(Map.of()));
        assertThat(config.pausedAtCreation()).as("new DAGs unpaused outside production").isFalse();

        assertThat(config.queues()).isEqualTo(List.of("default"));
        assertThat(config.workerConcurrency()).isEqualTo(16);
        assertThat(config.zombieThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.scheduler()).isTrue();
        assertThat(config.worker()).isTrue();
        assertThat(p.node().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void bad_values_are_refused_naming_the_property() {
        assertThatThrownBy(() -> bind(Map.of("pipeline.node.queues", " , ")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("pipeline.node.queues");
        assertThatThrownBy(() -> bind(Map.of("pipeline.node.worker-concurrency", "0")))
                .isInstanceOf(BindException.class).rootCause()
                .hasMessageContaining("pipeline.node.worker-concurrency");
        assertThatThrownBy(() -> bind(Map.of("pipeline.node.heartbeat-interval", "10s",
                "pipeline.node.lost-threshold", "15s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("pipeline.node.lost-threshold");
    }
}
