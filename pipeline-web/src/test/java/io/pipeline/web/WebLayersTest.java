package io.pipeline.web;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The web module renders what core returns and calls core services; it runs no SQL of its own. Queries live in core
 * ({@code io.pipeline.store} query classes and repositories, {@code engine.WhyNotRunning}), and the web never
 * touches the state gates or the engine's hot-path repositories.
 */
class WebLayersTest {

    private static final JavaClasses WEB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.pipeline.web");

    /**
     * Classes allowed to see the DataSource and JDBC, each with its reason:
     * <ul>
     *   <li>{@code *Configuration} (and their nested classes) and {@code ..config..}: they build the core's
     *   {@code Stores}, transaction managers and services from the DataSource;</li>
     *   <li>{@code ..db..}: the embedded PostgreSQL server and the database preflight run before any service
     *   exists;</li>
     *   <li>{@code engine.EngineTransactions}: the engine's own JDBC transaction manager over the DataSource;</li>
     *   <li>{@code security.UserStore}: the users table, until it moves to Spring Data JPA (in progress
     *   elsewhere).</li>
     * </ul>
     */
    private static final DescribedPredicate<JavaClass> WIRING = DescribedPredicate.describe(
            "wiring (configuration, db bootstrap, engine transactions, UserStore)",
            c -> c.getName().matches(".*Configuration(\\$.*)?")
                    || c.getPackageName().contains(".config")
                    || c.getPackageName().startsWith("io.pipeline.web.db")
                    || c.getName().startsWith("io.pipeline.web.engine.EngineTransactions")
                    || c.getName().startsWith("io.pipeline.web.security.UserStore"));

    /** Core types that are the engine's write side: the state gates, hot-path repositories, JDBC helpers. */
    private static final Set<String> STORE_INTERNALS = Set.of(
            "io.pipeline.store.TaskInstanceStateStore", "io.pipeline.store.DagRunStateStore",
            "io.pipeline.store.StateMoves", "io.pipeline.store.AdmissionRepository",
            "io.pipeline.store.ClaimRepository", "io.pipeline.store.OutcomeRepository",
            "io.pipeline.store.SchedulingRepository", "io.pipeline.store.ProgressRepository",
            "io.pipeline.store.Timestamps", "io.pipeline.store.Stores");

    @Test
    void web_classes_run_no_sql_and_use_no_jdbc() {
        noClasses().that().resideInAPackage("io.pipeline.web..").and(not(WIRING))
                .should().dependOnClassesThat(resideInAnyPackage("org.springframework.jdbc..", "javax.sql..",
                        "java.sql.."))
                .because("SQL lives in core query classes and repositories; the web calls them and renders records")
                .check(WEB);
    }

    @Test
    void web_classes_do_not_touch_the_state_gates_or_the_engines_repositories() {
        noClasses().that().resideInAPackage("io.pipeline.web..").and(not(WIRING))
                .should().dependOnClassesThat(DescribedPredicate.describe("store internals " + STORE_INTERNALS,
                        c -> STORE_INTERNALS.contains(c.getName().replaceAll("\\$.*", ""))))
                .because("state changes go through core services (operations, engine); reads through query classes")
                .check(WEB);
    }

    @Test
    void the_rule_sees_the_web_classes() {
        assertImported(resideInAPackage("io.pipeline.web.ui.."));
    }

    private static void assertImported(DescribedPredicate<JavaClass> predicate) {
        if (WEB.stream().noneMatch(predicate)) {
            throw new AssertionError("no class imported that " + predicate.getDescription());
        }
    }
}
