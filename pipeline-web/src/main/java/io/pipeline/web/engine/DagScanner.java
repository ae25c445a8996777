package io.pipeline.web.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBag;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.DagFamily;
import io.pipeline.dag.ImportError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.util.ClassUtils;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds every concrete {@link DagDefinition} and {@link DagFamily} under a package on the class path, so that a DAG
 * author writes only the class. A class that cannot even be loaded (a missing dependency, a failing static initialiser) becomes an import
 * error like one whose {@code define()} throws; the other DAGs load.
 */
public final class DagScanner {

    public static final String DEFAULT_PACKAGE = "io.pipeline.dags";
    /** The example and stress DAGs ({@code example_*}, {@code stress_*}): loaded only with load-examples on. */
    public static final String EXAMPLES_PACKAGE = "io.pipeline.dags.examples";
    private static final Logger log = LoggerFactory.getLogger(DagScanner.class);

    private DagScanner() {
    }

    /** The DAGs that loaded and the import errors of those that did not. */
    public record ScannedDags(List<Dag> dags, List<ImportError> importErrors) {
        public ScannedDags {
            dags = List.copyOf(dags);
            importErrors = List.copyOf(importErrors);
        }
    }

    /** This thread's CPU time, for the log: the scan's wall time on a loaded machine says little on its own. */
    private static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    public static ScannedDags scan(String basePackage, ClassLoader classLoader) {
        return scan(basePackage, classLoader, true);
    }

    /** @param loadExamples whether the classes under {@value #EXAMPLES_PACKAGE} load (Airflow's load_examples) */
    public static ScannedDags scan(String basePackage, ClassLoader classLoader, boolean loadExamples) {
        long began = System.nanoTime();
        long cpuBegan = threadCpuNanos();
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(DagDefinition.class));
        scanner.addIncludeFilter(new AssignableTypeFilter(DagFamily.class));
        List<String> names = scanner.findCandidateComponents(basePackage).stream()
                .map(BeanDefinition::getBeanClassName)
                .filter(name -> loadExamples || !name.startsWith(EXAMPLES_PACKAGE + "."))
                .sorted(Comparator.naturalOrder())
                .toList();
        List<Class<? extends DagDefinition>> classes = new ArrayList<>();
        List<Class<? extends DagFamily>> families = new ArrayList<>();
        List<ImportError> unloadable = new ArrayList<>();
        for (String name : names) {
            try {
                Class<?> type = ClassUtils.forName(name, classLoader);
                if (DagFamily.class.isAssignableFrom(type)) {
                    families.add(type.asSubclass(DagFamily.class));
                } else {
                    classes.add(type.asSubclass(DagDefinition.class));
                }
            } catch (ClassNotFoundException | LinkageError e) {
                unloadable.add(new ImportError(name, null, name + " could not be loaded: " + e));
            }
        }
        DagBag bag = DagBag.fromClasses(classes, families);
        List<ImportError> errors = new ArrayList<>(unloadable);
        errors.addAll(bag.importErrors());
        errors.forEach(e -> log.warn("DAG import error in {}: {}", e.fileloc(), e.message()));
        log.info("loaded {} DAGs from {} ({} import errors) in {} ms ({} ms of CPU)", bag.dags().size(), basePackage,
                errors.size(), (System.nanoTime() - began) / 1_000_000, (threadCpuNanos() - cpuBegan) / 1_000_000);
        return new ScannedDags(List.copyOf(bag.dags().values()), errors);
    }
}
