package io.pipeline.dags;

import io.pipeline.dags.marketdata.BacktestRunner;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked of the backtest runner image without Docker: the image {@code backtest_k8s} names by default
 * is the one {@code deploy/images/pipeline-backtest/Dockerfile} builds (name, tag, the build command it documents),
 * its entry point is {@link BacktestRunner}, it runs as a user without privileges, and the entry point reads the
 * options the DAG passes and refuses what it cannot run. The runner itself, on the Jobs' own arguments against
 * PostgreSQL, is run by {@code BacktestK8sDagTest}.
 */
class BacktestRunnerImageTest {

    static final Path DIR = repositoryRoot().resolve("deploy/images/pipeline-backtest");

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/images"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/images above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String dockerfile() throws Exception {
        return Files.readString(DIR.resolve("Dockerfile"));
    }

    @Test
    void the_default_image_of_backtest_k8s_is_the_one_the_dockerfile_builds() throws Exception {
        String image = BacktestK8sDag.DEFAULT_IMAGE;
        String repository = image.substring(0, image.lastIndexOf(':'));
        String tag = image.substring(image.lastIndexOf(':') + 1);

        assertThat(repository.substring(repository.lastIndexOf('/') + 1)).isEqualTo(DIR.getFileName().toString());
        assertThat(tag).as("a version, not latest").matches("\\d+\\.\\d+\\.\\d+");
        String file = dockerfile();
        assertThat(file).contains("org.opencontainers.image.version=\"" + tag + "\"")
                .contains("docker build -f deploy/images/pipeline-backtest/Dockerfile -t " + image + " .");
        assertThat(new BacktestK8sDag().define().params().get("image").defaultValue())
                .isIn(image, System.getenv("PIPELINE_BACKTEST_K8S_IMAGE"));
    }

    @Test
    void the_entry_point_is_the_runner_run_by_a_user_without_privileges() throws Exception {
        String file = dockerfile();
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(file);
        assertThat(entry.find()).as("an exec-form ENTRYPOINT").isTrue();
        List<String> words = Pattern.compile("\"([^\"]*)\"").matcher(entry.group(1)).results()
                .map(m -> m.group(1)).toList();
        assertThat(words).containsExactly("java", "-cp", "/app/lib/*", BacktestRunner.class.getName());
        Method main = Class.forName(words.getLast()).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(file);
        assertThat(user.find()).isTrue();
        assertThat(user.group(1)).isNotIn("root", "0");
        assertThat(file).contains("FROM eclipse-temurin:21-jre").contains("-pl pipeline-dags -am package");
    }

    @Test
    void the_entry_point_documents_the_options_the_dag_passes() {
        Result help = run(Map.of(), "backtest", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.text()).contains("--run-id", "--strategy", "--short-window", "--long-window",
                "--lookback-sessions", "--end");
        assertThat(run(Map.of(), "--help").text()).contains("backtest");
    }

    @Test
    void bad_arguments_exit_2_naming_them() {
        Result missing = run(Map.of(), "backtest", "--run-id", "r", "--short-window", "10", "--long-window", "50",
                "--end", "2026-11-20");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.text()).contains("Missing required option: '--strategy=<strategy>'");

        Result windows = run(Map.of(), "backtest", "--run-id", "r", "--strategy", "ma_50_10", "--short-window", "50",
                "--long-window", "10", "--end", "2026-11-20");
        assertThat(windows.exit()).isEqualTo(2);
        assertThat(windows.text()).contains("need 1 <= short window < long window, got 50 and 10");

        Result date = run(Map.of(), "backtest", "--run-id", "r", "--strategy", "s", "--short-window", "1",
                "--long-window", "2", "--end", "20-11-2026");
        assertThat(date.exit()).isEqualTo(2);
        assertThat(date.text()).contains("--end", "20-11-2026");

        assertThat(run(Map.of()).exit()).as("no command").isEqualTo(2);
    }

    @Test
    void without_a_database_url_the_run_fails_naming_the_variable() {
        Result r = run(Map.of(), "backtest", "--run-id", "r", "--strategy", "ma_10_50", "--short-window", "10",
                "--long-window", "50", "--end", "2026-11-20");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.text()).contains("backtest failed: PIPELINE_DB_URL is not set");
    }

    record Result(int exit, String text) {
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text, true);
        int exit = BacktestRunner.run(args, env, Clock.systemUTC(), w, w);
        return new Result(exit, text.toString());
    }
}
