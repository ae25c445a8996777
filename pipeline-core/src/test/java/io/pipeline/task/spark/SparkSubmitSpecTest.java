package io.pipeline.task.spark;

import io.pipeline.task.io.TestTaskContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spark-submit command a SparkSubmit builds, its validation, and the masters it probes. */
class SparkSubmitSpecTest {

    @TempDir
    Path javaHome;

    private SparkRuntime jvm() throws Exception {
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        return SparkRuntime.jvm(javaHome, "/opt/spark/jars/*", List.of("-Dx=1"));
    }

    @Test
    void builds_the_command_with_spark_flags_conf_executor_env_and_run_placeholders() throws Exception {
        SparkSubmit task = SparkSubmit.builder(jvm(), "spark://master-1:7077", "s3a://apps/etl.jar")
                .deployMode("cluster").mainClass("com.acme.Etl").name("etl_{session}")
                .conf("spark.sql.shuffle.partitions", "8").conf("spark.jdbc.password", "hunter2")
                .jars("a.jar", "b.jar").pyFiles("lib.zip").driverMemory("2G").executorMemory("4g").executorCores(2)
                .executorEnv("API_TOKEN", "t0k").args("--date", "{session}", "--run", "{run_id}").build();
        TestTaskContext ctx = TestTaskContext.create().session(LocalDate.parse("2026-11-18")).run("manual_1");

        List<String> cmd = task.spec().command(ctx);

        assertThat(cmd.subList(0, SparkRuntime.SPARK_JVM_FLAGS.size() + 1)).startsWith(javaHome.resolve("bin/java").toString())
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(String.join(" ", cmd.subList(SparkRuntime.SPARK_JVM_FLAGS.size() + 1, cmd.size()))).isEqualTo(
                "-Xmx2g -Dx=1 -cp /opt/spark/jars/* org.apache.spark.deploy.SparkSubmit --master spark://master-1:7077"
                        + " --deploy-mode cluster --name etl_2026-11-18 --class com.acme.Etl --jars a.jar,b.jar"
                        + " --py-files lib.zip --executor-memory 4g --executor-cores 2"
                        + " --conf spark.standalone.submit.waitAppCompletion=true --conf spark.jdbc.password=hunter2"
                        + " --conf spark.sql.shuffle.partitions=8 --conf spark.executorEnv.API_TOKEN=t0k"
                        + " s3a://apps/etl.jar --date 2026-11-18 --run manual_1");
        assertThat(String.join(" ", task.spec().shown(cmd))).contains("spark.jdbc.password=***",
                "spark.executorEnv.API_TOKEN=***", "spark.sql.shuffle.partitions=8").doesNotContain("hunter2", "t0k");
    }

    @Test
    void the_unsafe_memory_access_flag_goes_only_to_a_jvm_that_knows_it() throws Exception {
        SparkRuntime rt = jvm();
        Files.writeString(javaHome.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.5\"\n");
        assertThat(rt.command(null)).contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
                .doesNotContain("--sun-misc-unsafe-memory-access=allow");

        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        assertThat(rt.command(null)).contains("--sun-misc-unsafe-memory-access=allow");
    }

    @Test
    void bad_settings_fail_when_the_task_is_built_naming_the_setting() throws Exception {
        SparkRuntime rt = jvm();
        assertThatThrownBy(() -> SparkSubmit.builder(rt, "mesos://m:5050", "app.jar").build())
                .hasMessageContaining("Spark master URL 'mesos://m:5050' is not spark://host:port");
        assertThatThrownBy(() -> SparkSubmit.builder(rt, " ", "app.jar").build())
                .hasMessage("Spark master URL is empty");
        assertThatThrownBy(() -> SparkSubmit.builder(rt, "local[2]", "").build())
                .hasMessage("Spark application resource is empty");
        assertThatThrownBy(() -> SparkSubmit.builder(rt, "local[2]", "app.jar").deployMode("remote").build())
                .hasMessage("Spark deploy mode 'remote' is not client or cluster");
        assertThatThrownBy(() -> SparkSubmit.builder(rt, "local[2]", "app.jar").executorMemory("lots").build())
                .hasMessage("executor memory 'lots' is not a size such as 512m or 2g");
        assertThatThrownBy(() -> SparkSubmit.builder(rt, "local[2]", "app.jar").executorCores(0).build())
                .hasMessage("executor cores must be at least 1, not 0");
        assertThatThrownBy(() -> SparkRuntime.home(javaHome).command(null))
                .hasMessageContaining("has no executable bin/spark-submit");
    }

    @Test
    void probes_standalone_masters_and_the_kubernetes_api_server_but_not_local_or_yarn() {
        assertThat(MasterProbe.endpoints("spark://127.0.0.1:7077,127.0.0.2:7078")).containsExactly(
                new InetSocketAddress("127.0.0.1", 7077), new InetSocketAddress("127.0.0.2", 7078));
        assertThat(MasterProbe.endpoints("spark://127.0.0.1")).containsExactly(new InetSocketAddress("127.0.0.1", 7077));
        assertThat(MasterProbe.endpoints("k8s://https://127.0.0.1:6443")).containsExactly(new InetSocketAddress("127.0.0.1", 6443));
        assertThat(MasterProbe.endpoints("k8s://127.0.0.1")).containsExactly(new InetSocketAddress("127.0.0.1", 443));
        assertThat(MasterProbe.endpoints("local[2]")).isEmpty();
        assertThat(MasterProbe.endpoints("local[*]")).isEmpty();
        assertThat(MasterProbe.endpoints("yarn")).isEmpty();
    }
}
