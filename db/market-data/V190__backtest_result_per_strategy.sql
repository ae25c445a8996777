-- backtest_k8s runs several strategies in one run (one Kubernetes Job each), each writing a row per symbol: the
-- strategy joins the key, so that one strategy's rows do not replace another's.
ALTER TABLE backtest_result DROP CONSTRAINT backtest_result_pkey;
ALTER TABLE backtest_result ADD PRIMARY KEY (run_id, strategy, symbol);
