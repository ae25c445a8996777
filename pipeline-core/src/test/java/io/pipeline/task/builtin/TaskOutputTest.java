package io.pipeline.task.builtin;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.task.Task;
import io.pipeline.task.TaskOutput;
import io.pipeline.task.TypeToken;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskOutputTest {

    @Test
    void a_downstream_task_reads_an_upstream_output_through_its_typed_handle() throws Exception {
        @SuppressWarnings("unchecked")
        TaskOutput<List<String>>[] tickers = new TaskOutput[1];
        Dag dag = DagBuilder.dag("typed").tasks(b -> {
            var read = b.task("read_tickers", ctx -> List.of("AAPL", "MSFT"));
            tickers[0] = read.output(new TypeToken<List<String>>() { });
            read.then(b.task("count", ctx -> ctx.input(tickers[0]).size()));
        }).build();

        Task count = (Task) dag.task("count").body();
        TestTaskContext ctx = TestTaskContext.manual(Instant.parse("2024-04-01T15:00:00Z"))
                .withInput("read_tickers", List.of("AAPL", "MSFT"));
        assertThat(count.execute(ctx)).isEqualTo(2);
        assertThat(tickers[0].taskId()).isEqualTo("read_tickers");
    }

    @Test
    void a_handle_needs_exactly_one_kind_of_type() {
        assertThat(TaskOutput.of("a", String.class).type()).isEqualTo(String.class);
        assertThatThrownBy(() -> new TaskOutput<String>("a", null, null))
                .hasMessageContaining("output of 'a' needs exactly one of a class or a type token");
    }
}
