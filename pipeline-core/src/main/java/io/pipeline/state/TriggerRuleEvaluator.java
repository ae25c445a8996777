package io.pipeline.state;

import io.pipeline.state.TriggerRule;

/**
 * Airflow's trigger-rule semantics (TriggerRuleDep): first whether the upstream states settle the TI without running
 * it, then whether the rule is met. Note the Airflow details kept here: {@code all_success} with a skipped upstream
 * is skipped; {@code one_success}/{@code one_failed}/{@code one_done} fire as soon as one upstream qualifies;
 * {@code always} runs at once; a removed upstream counts against {@code all_success}, {@code all_failed} and
 * {@code none_failed} of an unmapped TI (which then waits), while a mapped TI discounts removed upstream instances.
 */
public final class TriggerRuleEvaluator {

    private TriggerRuleEvaluator() {
    }

    /** For an unmapped TI. */
    public static TriggerDecision evaluate(TriggerRule rule, UpstreamStates up) {
        return evaluate(rule, up, -1);
    }

    /** @param mapIndex the TI's map index, -1 when unmapped */
    public static TriggerDecision evaluate(TriggerRule rule, UpstreamStates up, int mapIndex) {
        // Airflow: a task without upstream tasks passes its trigger rule whatever the rule is.
        if (rule == TriggerRule.ALWAYS || up.total() == 0) {
            return TriggerDecision.RUN;
        }
        TriggerDecision settled = settle(rule, up, mapIndex);
        if (settled != null) {
            return settled;
        }
        return met(rule, up, mapIndex) ? TriggerDecision.RUN : TriggerDecision.WAIT;
    }

    private static TriggerDecision settle(TriggerRule rule, UpstreamStates up, int mapIndex) {
        boolean anyFailed = up.failed() > 0 || up.upstreamFailed() > 0;
        boolean done = up.allDone();
        return switch (rule) {
            case ALL_SUCCESS -> anyFailed ? TriggerDecision.UPSTREAM_FAILED
                    : up.skipped() > 0 ? TriggerDecision.SKIP
                    : up.removed() > 0 && up.success() > 0 && mapIndex >= up.success() ? TriggerDecision.REMOVED
                    : null;
            case ALL_FAILED -> up.success() > 0 || up.skipped() > 0 ? TriggerDecision.SKIP : null;
            case ONE_SUCCESS -> done && up.done() == up.skipped() ? TriggerDecision.SKIP
                    : done && up.success() <= 0 ? TriggerDecision.UPSTREAM_FAILED : null;
            case ONE_FAILED -> done && !anyFailed ? TriggerDecision.SKIP : null;
            case ONE_DONE -> done && up.failed() == 0 && up.success() == 0 ? TriggerDecision.SKIP : null;
            case NONE_FAILED -> anyFailed ? TriggerDecision.UPSTREAM_FAILED : null;
            case NONE_FAILED_MIN_ONE_SUCCESS -> anyFailed ? TriggerDecision.UPSTREAM_FAILED
                    : up.skipped() == up.total() ? TriggerDecision.SKIP : null;
            case NONE_SKIPPED -> up.skipped() > 0 ? TriggerDecision.SKIP : null;
            case ALL_SKIPPED -> up.success() > 0 || anyFailed ? TriggerDecision.SKIP : null;
            case ALL_DONE, ALWAYS -> null;
        };
    }

    private static boolean met(TriggerRule rule, UpstreamStates up, int mapIndex) {
        int removedDiscount = mapIndex > -1 ? up.removed() : 0;
        return switch (rule) {
            case ONE_SUCCESS -> up.success() > 0;
            case ONE_FAILED -> up.failed() > 0 || up.upstreamFailed() > 0;
            case ONE_DONE -> up.success() + up.failed() > 0;
            case ALL_SUCCESS -> up.total() - up.success() - removedDiscount <= 0;
            case ALL_FAILED -> up.total() - up.failed() - up.upstreamFailed() - removedDiscount <= 0;
            case ALL_DONE -> up.allDone();
            case NONE_FAILED, NONE_FAILED_MIN_ONE_SUCCESS ->
                    up.total() - up.success() - up.skipped() - removedDiscount <= 0;
            case NONE_SKIPPED -> up.allDone() && up.skipped() == 0;
            case ALL_SKIPPED -> up.total() - up.skipped() <= 0;
            case ALWAYS -> true;
        };
    }
}
