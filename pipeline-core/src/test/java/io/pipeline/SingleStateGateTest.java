package io.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write of {@code task_instance.state} and {@code dag_run.state} is a statement of the two gates,
 * {@code store.TaskInstanceStateStore} and {@code store.DagRunStateStore}. Scans the main sources of every module
 * for an {@code UPDATE task_instance|dag_run ... SET ... state =}, and for a {@code SET state =} whose statement
 * updates or upserts one of the two tables, and fails naming file and line.
 */
class SingleStateGateTest {

    private static final Set<String> GATES = Set.of("TaskInstanceStateStore.java", "DagRunStateStore.java");
    private static final Set<String> TABLES = Set.of("task_instance", "dag_run");

    /**
     * Files outside the product code that may write states directly, with how many such statements: the ops
     * benchmark seeds a failed run as fixture data, as tests do.
     */
    private static final java.util.Map<String, Integer> FIXTURES = java.util.Map.of(
            "bench/src/main/java/io/pipeline/bench/ops/OpsBench.java", 2);

    /** An UPDATE of a table and its SET list (up to WHERE, FROM, RETURNING or the end of the text). */
    private static final Pattern UPDATE = Pattern.compile(
            "\\bUPDATE\\s+(\\w+)(?:\\s+(?!SET\\b)\\w+)?\\s+SET\\b(.*?)(?=\\bWHERE\\b|\\bFROM\\b|\\bRETURNING\\b|\"\"\"|\";|\\z)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SET_STATE = Pattern.compile("\\bSET\\s+state\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATE_ASSIGNED = Pattern.compile("(^|[\\s,(])(\\w+\\.)?state\\s*=",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TARGET = Pattern.compile("\\b(?:UPDATE|INSERT\\s+INTO)\\s+(\\w+)",
            Pattern.CASE_INSENSITIVE);

    @Test
    void no_state_write_of_task_instance_or_dag_run_outside_the_two_gates() throws IOException {
        List<Path> sources = mainSources();
        assertThat(sources).as("main sources found under " + root()).hasSizeGreaterThan(100);
        List<String> violations = new ArrayList<>();
        for (Path file : sources) {
            String name = root().relativize(file).toString().replace('\\', '/');
            if (GATES.contains(file.getFileName().toString())) {
                continue;
            }
            List<String> writes = stateWrites(name, Files.readString(file));
            if (!FIXTURES.containsKey(name) || writes.size() != FIXTURES.get(name)) {
                violations.addAll(writes);
            }
        }
        assertThat(violations).as("state writes outside TaskInstanceStateStore and DagRunStateStore").isEmpty();
    }

    @Test
    void the_scan_finds_the_gates_own_statements() throws IOException {
        for (String gate : GATES) {
            Path file = mainSources().stream().filter(p -> p.getFileName().toString().equals(gate)).findFirst()
                    .orElseThrow();
            assertThat(stateWrites(gate, Files.readString(file))).as(gate).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void the_scan_names_file_and_line_of_each_form_of_state_write() {
        String text = """
                class X {
                    String a = "UPDATE dag_run SET state = 'failed' WHERE id = :id";
                    String b = \"""
                            UPDATE task_instance t
                            SET version = t.version + 1,
                                state = :to
                            WHERE t.id = :id
                            \""";
                    String c = "INSERT INTO task_instance (id, state) VALUES (1, 'none') "
                            + "ON CONFLICT (id) DO UPDATE SET state = excluded.state";
                    String ok = "UPDATE task_try SET state = 'failed'";
                    String ok2 = "UPDATE task_instance SET heartbeat_at = :now WHERE id = :id AND state = 'running'";
                }
                """;
        assertThat(stateWrites("X.java", text)).containsExactly("X.java:2", "X.java:4", "X.java:10");
    }

    /** file:line of each state write of the two tables in {@code text}. */
    static List<String> stateWrites(String file, String text) {
        Set<Integer> lines = new java.util.TreeSet<>();
        Matcher u = UPDATE.matcher(text);
        while (u.find()) {
            if (TABLES.contains(u.group(1).toLowerCase()) && STATE_ASSIGNED.matcher(u.group(2)).find()) {
                lines.add(lineOf(text, u.start()));
            }
        }
        Matcher s = SET_STATE.matcher(text);
        while (s.find()) {
            String table = null;
            Matcher t = TARGET.matcher(text.substring(0, s.start()));
            while (t.find()) {
                table = t.group(1).toLowerCase();
            }
            if (table != null && TABLES.contains(table)) {
                lines.add(lineOf(text, s.start()));
            }
        }
        List<String> out = new ArrayList<>();
        for (int line : lines) {
            out.add(file + ":" + line);
        }
        return dedupeStatements(out, text);
    }

    /** One report per statement: a SET line right after its UPDATE line is the same write. */
    private static List<String> dedupeStatements(List<String> found, String text) {
        List<String> out = new ArrayList<>();
        int last = -10;
        for (String f : found) {
            int line = Integer.parseInt(f.substring(f.lastIndexOf(':') + 1));
            if (line - last > 1) {
                out.add(f);
            }
            last = line;
        }
        return out;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(dir.resolve("pipeline-core")) ? dir : dir.getParent();
    }

    private static List<Path> mainSources() {
        try (Stream<Path> modules = Files.list(root())) {
            List<Path> out = new ArrayList<>();
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path src = module.resolve("src/main/java");
                if (Files.isDirectory(src)) {
                    try (Stream<Path> files = Files.walk(src)) {
                        files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
