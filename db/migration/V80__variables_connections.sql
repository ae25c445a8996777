-- Variables and stored connections as managed objects (REST /variables, /connections). Values, connection
-- passwords and extras are AES-GCM ciphertext when PIPELINE_SECRET_KEY is set ("v1:<key id>:<base64>"), plain
-- text otherwise; is_encrypted says which. Environment connections (PIPELINE_CONN_*) win over these rows.
CREATE TABLE variable (
    key          text PRIMARY KEY CHECK (key ~ '^[A-Za-z0-9_.-]{1,250}$'),
    val          text    NOT NULL,
    description  text,
    is_encrypted boolean NOT NULL
);

CREATE TABLE connection (
    conn_id            text PRIMARY KEY CHECK (conn_id ~ '^[A-Za-z0-9_.-]{1,200}$'),
    conn_type          text    NOT NULL,
    description        text,
    host               text,
    schema             text,
    login              text,
    password           text,
    port               integer CHECK (port BETWEEN 0 AND 65535),
    extra              text,
    is_encrypted       boolean NOT NULL,
    is_extra_encrypted boolean NOT NULL
);

-- Airflow's include_deferred: whether deferred task instances take slots of the pool.
ALTER TABLE pool ADD COLUMN include_deferred boolean NOT NULL DEFAULT false;
