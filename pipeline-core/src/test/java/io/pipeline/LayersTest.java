package io.pipeline;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of pipeline-core, read from the compiled main classes (docs/architecture.md draws them).
 * <p>
 * The plain-Java layers are {@code calendar}, {@code schedule}, {@code state}, {@code retry} (backoff), {@code dag}
 * (with {@code dag.alert}) and the task SPI: the types directly in {@code io.pipeline.task} (Task, Sensor, BranchTask, ShortCircuitTask,
 * TaskContext, TaskOutput, TypeToken, SensorSpec, PokeResult, ExternalResource, ReleaseContext, TaskHandle,
 * PermanentFailure). The task implementations in the sub-packages of {@code io.pipeline.task} (builtin, io, emr, k8s,
 * spark) talk to databases, clouds and clusters and are not held to this; the DSL may not depend on them.
 */
class LayersTest {

    private static final String[] INFRASTRUCTURE = {
            "org.springframework..", "java.sql..", "javax.sql..", "jakarta.persistence..", "org.hibernate..",
            "com.fasterxml.jackson..", "tools.jackson..", "org.quartz.."};

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(location -> !location.contains("/test-classes/"))
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.pipeline");

    @Test
    void plain_java_layers_import_no_spring_jdbc_jackson_or_quartz() {
        check(noClasses().that().resideInAnyPackage(
                        "io.pipeline.calendar..", "io.pipeline.schedule..", "io.pipeline.state..", "io.pipeline.dag..",
                        "io.pipeline.retry..")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE));
    }

    @Test
    void task_spi_imports_no_spring_jdbc_jackson_or_quartz() {
        check(noClasses().that().resideInAPackage("io.pipeline.task")
                .should().dependOnClassesThat().resideInAnyPackage(INFRASTRUCTURE));
    }

    @Test
    void calendar_depends_on_no_other_pipeline_package() {
        check(noClasses().that().resideInAPackage("io.pipeline.calendar..")
                .should().dependOnClassesThat(pipelineOutside("io.pipeline.calendar..")));
    }

    @Test
    void retry_depends_on_no_other_pipeline_package() {
        check(noClasses().that().resideInAPackage("io.pipeline.retry..")
                .should().dependOnClassesThat(pipelineOutside("io.pipeline.retry..")));
    }

    @Test
    void schedule_depends_only_on_calendar() {
        check(noClasses().that().resideInAPackage("io.pipeline.schedule..")
                .should().dependOnClassesThat(pipelineOutside("io.pipeline.schedule..", "io.pipeline.calendar..")));
    }

    @Test
    void state_depends_on_no_other_pipeline_package() {
        check(noClasses().that().resideInAPackage("io.pipeline.state..")
                .should().dependOnClassesThat(pipelineOutside("io.pipeline.state..")));
    }

    @Test
    void task_spi_depends_only_on_calendar_and_schedule() {
        check(noClasses().that().resideInAPackage("io.pipeline.task")
                .should().dependOnClassesThat(pipelineOutside(
                        "io.pipeline.task", "io.pipeline.calendar..", "io.pipeline.schedule..")));
    }

    /** The DSL ships LatestOnly itself and reaches task implementations only through the SPI. */
    @Test
    void dag_dsl_depends_only_on_plain_layers_and_the_task_spi() {
        check(noClasses().that().resideInAPackage("io.pipeline.dag..")
                .should().dependOnClassesThat(pipelineOutside("io.pipeline.dag..", "io.pipeline.calendar..",
                        "io.pipeline.schedule..", "io.pipeline.state..", "io.pipeline.retry..",
                        "io.pipeline.task")));
    }

    @Test
    void top_level_packages_are_free_of_cycles() {
        check(slices().matching("io.pipeline.(*)..").should().beFreeOfCycles());
    }

    private static void check(ArchRule rule) {
        rule.check(CORE);
    }

    /** Pipeline classes outside the given packages. */
    private static DescribedPredicate<JavaClass> pipelineOutside(String... allowed) {
        return resideInAPackage("io.pipeline..").and(not(resideInAnyPackage(allowed)))
                .as("reside in a pipeline package other than " + String.join(", ", allowed));
    }
}
