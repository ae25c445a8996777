-- task_progress (the unfinished-instance counters, a hint: V3) loses its foreign key to dag_run; a run's counters
-- are still deleted with the run, by the statement-level triggers below instead of the key's per-row cascade.
-- Why: the key checked every counter row on insert with a query of its own (RI_FKey_check_ins), 20,000 per close
-- of the herd benchmark, for rows that are only ever inserted in the transaction that inserted their run, with the
-- run's id just returned by that insert (InitialTaskInstances). A counter whose run is gone is never read (every
-- read names an existing run, and run ids are never reused). docs/decisions/herd.md, "Run creation at the close,
-- measured".
-- Locks: dropping the key and creating the triggers take short exclusive locks on task_progress and dag_run without
-- scanning either; lock_timeout makes the migration fail (and be retried) instead of queueing every writer behind a
-- long transaction. One transaction: there is no moment without a cascade.
SET LOCAL lock_timeout = '10s';

CREATE FUNCTION dag_run_delete_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_progress p USING gone g WHERE p.run_pk = g.id;
    RETURN NULL;
END
$$;

-- TRUNCATE dag_run (CASCADE) takes the counters too; a DELETE, as a TRUNCATE inside the trigger fails when the same
-- statement truncates task_progress as well.
CREATE FUNCTION dag_run_truncate_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_progress;
    RETURN NULL;
END
$$;

CREATE TRIGGER dag_run_delete_progress AFTER DELETE ON dag_run REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION dag_run_delete_progress();
CREATE TRIGGER dag_run_truncate_progress AFTER TRUNCATE ON dag_run
    FOR EACH STATEMENT EXECUTE FUNCTION dag_run_truncate_progress();

ALTER TABLE task_progress DROP CONSTRAINT task_progress_run_pk_fkey;
