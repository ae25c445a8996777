-- Market data: bars, fundamentals, data-quality results, backtest results (versions 30-39 belong to market data).

CREATE TABLE bars_1m (
    symbol  text             NOT NULL,
    ts      timestamptz      NOT NULL,
    open    double precision NOT NULL,
    high    double precision NOT NULL,
    low     double precision NOT NULL,
    close   double precision NOT NULL,
    volume  bigint           NOT NULL,
    source  text             NOT NULL,
    PRIMARY KEY (symbol, ts)
);

CREATE TABLE bars_1d (
    symbol         text             NOT NULL,
    session_date   date             NOT NULL,
    open           double precision NOT NULL,
    high           double precision NOT NULL,
    low            double precision NOT NULL,
    close          double precision NOT NULL,
    adjusted_close double precision,
    volume         bigint           NOT NULL,
    source         text             NOT NULL,
    PRIMARY KEY (symbol, session_date)
);

-- The vendor's fundamentals file, one row per symbol and session it was published for.
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

-- Fundamentals joined with that session's close: the inputs of the risk models.
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

-- One row per check (and symbol/session where it applies) per task run; re-running a task replaces its rows.
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
