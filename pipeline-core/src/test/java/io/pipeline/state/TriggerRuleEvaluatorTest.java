package io.pipeline.state;

import io.pipeline.state.TriggerRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pipeline.state.TaskState.*;
import static io.pipeline.state.TriggerDecision.*;
import static org.assertj.core.api.Assertions.assertThat;

class TriggerRuleEvaluatorTest {

    /**
     * Two upstream TIs, every mix of: R running (not finished), S success, F failed, K skipped, U upstream_failed.
     * Columns in the order of MIXES; r = run, w = wait, k = skip, u = upstream_failed. Written from Airflow's docs
     * and TriggerRuleDep, by hand.
     */
    private static final List<String> MIXES =
            List.of("RR", "RS", "RF", "RK", "RU", "SS", "SF", "SK", "SU", "FF", "FK", "FU", "KK", "KU", "UU");
    private static final Map<TriggerRule, String> TABLE = Map.ofEntries(
            //                                           RR RS RF RK RU SS SF SK SU FF FK FU KK KU UU
            Map.entry(TriggerRule.ALL_SUCCESS, "w w u k u r u k u u u u k u u"),
            Map.entry(TriggerRule.ALL_FAILED, "w k w k w k k k k r k r k k r"),
            Map.entry(TriggerRule.ALL_DONE, "w w w w w r r r r r r r r r r"),
            Map.entry(TriggerRule.ALL_SKIPPED, "w k k w k k k k k k k k r k k"),
            Map.entry(TriggerRule.ONE_SUCCESS, "w r w w w r r r r u u u k u u"),
            Map.entry(TriggerRule.ONE_FAILED, "w w r w r k r k r r r r k r r"),
            Map.entry(TriggerRule.ONE_DONE, "w r r w w r r r r r r r k k k"),
            Map.entry(TriggerRule.NONE_FAILED, "w w u w u r u r u u u u r u u"),
            Map.entry(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS, "w w u w u r u r u u u u k u u"),
            Map.entry(TriggerRule.NONE_SKIPPED, "w w w k w r r k r r k r k k r"),
            Map.entry(TriggerRule.ALWAYS, "r r r r r r r r r r r r r r r"));

    static Stream<Arguments> twoUpstreamMixes() {
        List<Arguments> out = new ArrayList<>();
        TABLE.forEach((rule, row) -> {
            String[] cells = row.split(" ");
            for (int i = 0; i < MIXES.size(); i++) {
                out.add(Arguments.of(rule, MIXES.get(i), decision(cells[i])));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with upstream {1} -> {2}")
    @MethodSource("twoUpstreamMixes")
    void decides_each_rule_for_each_mix_of_two_upstream_states(TriggerRule rule, String mix, TriggerDecision expected) {
        UpstreamStates up = UpstreamStates.of(state(mix.charAt(0)), state(mix.charAt(1)));
        assertThat(TriggerRuleEvaluator.evaluate(rule, up)).isEqualTo(expected);
    }

    @Test
    void the_table_covers_every_rule() {
        assertThat(TABLE.keySet()).containsExactlyInAnyOrder(TriggerRule.values());
    }

    static final List<TaskState> UNFINISHED = List.of(NONE, SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE,
            DEFERRED);

    /** Every multiset of up to three upstream states drawn from all TI states. */
    static List<List<TaskState>> allMixesUpToThree() {
        List<List<TaskState>> out = new ArrayList<>();
        TaskState[] all = TaskState.values();
        out.add(List.of());
        for (int a = 0; a < all.length; a++) {
            out.add(List.of(all[a]));
            for (int b = a; b < all.length; b++) {
                out.add(List.of(all[a], all[b]));
                for (int c = b; c < all.length; c++) {
                    out.add(List.of(all[a], all[b], all[c]));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(TriggerRule.class)
    void any_unfinished_state_counts_the_same_as_running(TriggerRule rule) {
        for (List<TaskState> mix : allMixesUpToThree()) {
            List<TaskState> normalised = mix.stream().map(s -> s.isTerminal() ? s : RUNNING).toList();
            assertThat(TriggerRuleEvaluator.evaluate(rule, UpstreamStates.of(mix)))
                    .as(rule + " " + mix)
                    .isEqualTo(TriggerRuleEvaluator.evaluate(rule, UpstreamStates.of(normalised)));
        }
    }

    @ParameterizedTest
    @EnumSource(TriggerRule.class)
    void never_waits_once_every_upstream_finished_unless_a_removed_upstream_blocks_it(TriggerRule rule) {
        for (List<TaskState> mix : allMixesUpToThree()) {
            boolean allFinished = mix.stream().allMatch(TaskState::isTerminal);
            if (allFinished && !mix.contains(TaskState.REMOVED)) {
                assertThat(TriggerRuleEvaluator.evaluate(rule, UpstreamStates.of(mix))).as(rule + " " + mix)
                        .isNotEqualTo(WAIT);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TriggerRule.class, names = {"ALL_SUCCESS", "ALL_FAILED", "ALL_DONE", "ALL_SKIPPED",
            "NONE_FAILED", "NONE_FAILED_MIN_ONE_SUCCESS", "NONE_SKIPPED"})
    void rules_that_need_every_upstream_never_run_while_one_is_unfinished(TriggerRule rule) {
        for (List<TaskState> mix : allMixesUpToThree()) {
            if (mix.stream().anyMatch(s -> !s.isTerminal())) {
                assertThat(TriggerRuleEvaluator.evaluate(rule, UpstreamStates.of(mix))).as(rule + " " + mix)
                        .isNotEqualTo(RUN);
            }
        }
    }

    @Test
    void one_success_fires_while_other_upstream_tasks_still_run() {
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ONE_SUCCESS, UpstreamStates.of(SUCCESS, RUNNING, QUEUED)))
                .isEqualTo(RUN);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ONE_FAILED, UpstreamStates.of(RUNNING, FAILED, NONE)))
                .isEqualTo(RUN);
    }

    @ParameterizedTest
    @EnumSource(TriggerRule.class)
    void a_task_without_upstream_tasks_runs_whatever_its_rule(TriggerRule rule) {
        assertThat(TriggerRuleEvaluator.evaluate(rule, UpstreamStates.of(List.of()))).isEqualTo(RUN);
    }

    @Test
    void a_removed_upstream_blocks_all_success_of_an_unmapped_task_but_not_all_done() {
        UpstreamStates up = UpstreamStates.of(SUCCESS, TaskState.REMOVED);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_SUCCESS, up)).isEqualTo(WAIT);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.NONE_FAILED, up)).isEqualTo(WAIT);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_DONE, up)).isEqualTo(RUN);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ONE_SUCCESS, up)).isEqualTo(RUN);
    }

    @Test
    void a_mapped_task_discounts_removed_upstream_instances_and_is_removed_beyond_the_successful_ones() {
        UpstreamStates up = UpstreamStates.of(SUCCESS, TaskState.REMOVED);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_SUCCESS, up, 0)).isEqualTo(RUN);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.ALL_SUCCESS, up, 1)).isEqualTo(TriggerDecision.REMOVED);
        assertThat(TriggerRuleEvaluator.evaluate(TriggerRule.NONE_FAILED, up, 0)).isEqualTo(RUN);
    }

    @Test
    void settled_decisions_name_the_state_to_set() {
        assertThat(SKIP.settledState()).isEqualTo(SKIPPED);
        assertThat(TriggerDecision.UPSTREAM_FAILED.settledState()).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(RUN.settledState()).isNull();
    }

    private static TaskState state(char c) {
        return switch (c) {
            case 'R' -> RUNNING;
            case 'S' -> SUCCESS;
            case 'F' -> FAILED;
            case 'K' -> SKIPPED;
            case 'U' -> TaskState.UPSTREAM_FAILED;
            default -> throw new IllegalArgumentException(String.valueOf(c));
        };
    }

    private static TriggerDecision decision(String cell) {
        return switch (cell) {
            case "r" -> RUN;
            case "w" -> WAIT;
            case "k" -> SKIP;
            case "u" -> TriggerDecision.UPSTREAM_FAILED;
            default -> throw new IllegalArgumentException(cell);
        };
    }
}
