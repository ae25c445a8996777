-- The market-data database (connection market_data_db, Flyway location db/market-data, history table
-- market_data_schema_history): the tables of V30-V32 of the orchestrator's database, with the bars partitioned by
-- month. The loads create each month's partition ahead (BarPartitions); a bar outside every partition fails its load.

CREATE TABLE bars_1m (
    symbol  text COLLATE "C" NOT NULL,
    ts      timestamptz      NOT NULL,
    open    double precision NOT NULL,
    high    double precision NOT NULL,
    low     double precision NOT NULL,
    close   double precision NOT NULL,
    volume  bigint           NOT NULL,
    source  text             NOT NULL,
    PRIMARY KEY (symbol, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE bars_1d (
    symbol         text COLLATE "C" NOT NULL,
    session_date   date             NOT NULL,
    open           double precision NOT NULL,
    high           double precision NOT NULL,
    low            double precision NOT NULL,
    close          double precision NOT NULL,
    adjusted_close double precision,
    volume         bigint           NOT NULL,
    source         text             NOT NULL,
    PRIMARY KEY (symbol, session_date)
) PARTITION BY RANGE (session_date);

CREATE TABLE fundamentals (
    session_date   date             NOT NULL,
    symbol         text             NOT NULL,
    shares_out     bigint           NOT NULL,
    eps_ttm        double precision NOT NULL,
    book_value_ps  double precision NOT NULL,
    dividend_ps    double precision NOT NULL,
    source_key     text             NOT NULL,
    PRIMARY KEY (session_date, symbol)
);

CREATE TABLE daily_fundamentals (
    session_date   date             NOT NULL,
    symbol         text             NOT NULL,
    close          double precision NOT NULL,
    market_cap     double precision NOT NULL,
    pe_ratio       double precision,
    book_to_price  double precision NOT NULL,
    dividend_yield double precision NOT NULL,
    PRIMARY KEY (session_date, symbol)
);

CREATE TABLE dq_result (
    dag_id        text        NOT NULL,
    run_id        text        NOT NULL,
    task_id       text        NOT NULL,
    check_name    text        NOT NULL,
    symbol        text        NOT NULL DEFAULT '',
    session_date  date,
    severity      text        NOT NULL CHECK (severity IN ('fail', 'warn')),
    passed        boolean     NOT NULL,
    observed      bigint      NOT NULL DEFAULT 0,
    detail        text        NOT NULL DEFAULT '',
    checked_at    timestamptz NOT NULL
);
CREATE INDEX dq_result_run ON dq_result (dag_id, run_id, task_id);

CREATE TABLE backtest_result (
    run_id        text             NOT NULL,
    symbol        text             NOT NULL,
    strategy      text             NOT NULL,
    short_window  integer          NOT NULL,
    long_window   integer          NOT NULL,
    start_date    date             NOT NULL,
    end_date      date             NOT NULL,
    days          integer          NOT NULL,
    total_return  double precision NOT NULL,
    sharpe        double precision,
    max_drawdown  double precision NOT NULL,
    turnover      double precision NOT NULL,
    trades        integer          NOT NULL,
    created_at    timestamptz      NOT NULL,
    PRIMARY KEY (run_id, symbol)
);
