package io.pipeline.web.production;

import io.pipeline.dag.Dag;
import io.pipeline.web.config.RunModes;
import io.pipeline.web.engine.DagScanner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.mock.env.MockEnvironment;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The explicit modes: their defaults, their environment variables, and what load-examples loads. */
class RunModesTest {

    private static RunModes bind(Map<String, String> environment) {
        return new Binder(new MapConfigurationPropertySource(environment)).bindOrCreate("pipeline", RunModes.class);
    }

    @Test
    void defaults_load_examples_simulate_market_data_and_leave_new_dags_unpaused() {
        RunModes modes = bind(Map.of());

        assertThat(modes.loadExamples()).isTrue();
        assertThat(modes.marketData().provider()).isEqualTo("simulated");
        assertThat(modes.marketData().simulated()).isTrue();
        assertThat(modes.dags().pausedOnCreation()).isFalse();
    }

    @Test
    void the_production_profile_pauses_new_dags_unless_configured_otherwise() throws Exception {
        Properties production = PropertiesLoaderUtils.loadProperties(
                new ClassPathResource("application-production.properties"));
        Map<String, String> asMap = new HashMap<>();
        production.forEach((k, v) -> asMap.put((String) k, (String) v));

        assertThat(bind(asMap).dags().pausedOnCreation()).isTrue();
        asMap.put("pipeline.dags.paused-on-creation", "false");
        assertThat(bind(asMap).dags().pausedOnCreation()).isFalse();
    }

    @Test
    void the_properties_bind_from_their_environment_variables() {
        MockEnvironment env = new MockEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.<String, Object>of("PIPELINE_LOAD_EXAMPLES", "false", "PIPELINE_MARKET_DATA_PROVIDER", "polygon",
                        "PIPELINE_DAGS_PAUSED_ON_CREATION", "true")));

        RunModes modes = Binder.get(env).bindOrCreate("pipeline", RunModes.class);

        assertThat(modes.loadExamples()).isFalse();
        assertThat(modes.marketData().provider()).isEqualTo("polygon");
        assertThat(modes.marketData().simulated()).isFalse();
        assertThat(modes.dags().pausedOnCreation()).isTrue();
    }

    @Test
    void without_examples_the_example_and_stress_dags_stay_out_and_the_market_data_dags_load() {
        var all = DagScanner.scan(DagScanner.DEFAULT_PACKAGE, getClass().getClassLoader(), true).dags().stream()
                .map(Dag::dagId).toList();
        var withoutExamples = DagScanner.scan(DagScanner.DEFAULT_PACKAGE, getClass().getClassLoader(), false).dags()
                .stream().map(Dag::dagId).toList();

        assertThat(all).contains("example_hello", "stress_fanout", "stress_chain", "daily_bars", "nightly_dataload");
        assertThat(withoutExamples).noneMatch(id -> id.startsWith("example_") || id.startsWith("stress_"))
                .contains("daily_bars", "intraday_prices", "nightly_dataload", "daily_bars_spark", "backtest_k8s",
                        "model_training_emr");
        assertThat(all).containsAll(withoutExamples);
    }
}
