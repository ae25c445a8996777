-- How many instances of each task of a run are unfinished: an O(1) hint for the hot path ("is any upstream instance
-- still unfinished?", "is the run done?"). Only a hint: whenever it says "none left", the engine checks the
-- task_instance rows themselves before acting, and the scheduler loop's periodic evaluation reads task_instance only,
-- so a drifted counter can delay a decision by one scheduler pass but never make a wrong one.
CREATE TABLE task_progress (
    run_pk     bigint  NOT NULL REFERENCES dag_run (id) ON DELETE CASCADE,
    task_id    text    NOT NULL,
    unfinished integer NOT NULL,
    PRIMARY KEY (run_pk, task_id)
) WITH (fillfactor = 70);
