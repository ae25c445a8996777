package io.pipeline.engine;

import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;

/** Admits ready TIs of every DAG into every pool with free slots (slots freed by other DAGs' tries included). */
public final class AdmitStep implements SchedulerStep {
    private final TransactionTemplate tx;
    private final Admission admission;
    private final QueueNotifier notifier;

    public AdmitStep(TransactionTemplate tx, Admission admission, QueueNotifier notifier) {
        this.tx = tx;
        this.admission = admission;
        this.notifier = notifier;
    }

    @Override
    public String name() {
        return "admit";
    }

    @Override
    public void run(Instant now) {
        tx.executeWithoutResult(s -> notifier.queued(admission.admit(null, null, now).size()));
    }
}
