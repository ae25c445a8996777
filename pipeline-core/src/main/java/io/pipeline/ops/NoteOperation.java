package io.pipeline.ops;

import io.pipeline.store.NoteStore;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

/** Sets the note of a DAG run or a task instance, audited ({@code set_note}) in the same transaction. */
public class NoteOperation {

    private final TransactionTemplate tx;
    private final NoteStore notes;
    private final AuditLog audit;

    public NoteOperation(TransactionTemplate tx, NoteStore notes, AuditLog audit) {
        this.tx = tx;
        this.notes = notes;
        this.audit = audit;
    }

    /** @return false when there is no such run (nothing written) */
    public boolean setRunNote(String dagId, String runId, String note, Actor actor) {
        Boolean done = tx.execute(s -> {
            if (!notes.setRunNote(dagId, runId, note)) {
                return false;
            }
            audit.record(actor, "set_note", dagId, runId, null, null, Map.of("note", note), null);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** @return false when there is no such task instance (nothing written) */
    public boolean setTaskInstanceNote(String dagId, String runId, String taskId, int mapIndex, String note,
                                       Actor actor) {
        Boolean done = tx.execute(s -> {
            if (!notes.setTaskInstanceNote(dagId, runId, taskId, mapIndex, note)) {
                return false;
            }
            audit.record(actor, "set_note", dagId, runId, taskId, null,
                    mapIndex >= 0 ? Map.of("note", note, "map_index", mapIndex) : Map.of("note", note), null);
            return true;
        });
        return Boolean.TRUE.equals(done);
    }
}
