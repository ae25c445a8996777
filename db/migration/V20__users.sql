-- Users of the API, CLI and UI, with Airflow's roles. Passwords are BCrypt hashes; never stored in clear.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL,
    first_name    VARCHAR(256),
    last_name     VARCHAR(256),
    email         VARCHAR(256),
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL,
    changed_at    TIMESTAMPTZ  NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_role_check CHECK (role IN ('Viewer', 'User', 'Op', 'Admin')),
    CONSTRAINT users_username_check CHECK (username ~ '^[A-Za-z0-9_.@-]{1,64}$')
);
