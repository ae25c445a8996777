-- Caps concurrent calls to the market-data provider from the fan-out of intraday_prices (vendors rate-limit).
INSERT INTO pool (name, slots, description)
VALUES ('market_data_provider', 4, 'Concurrent requests to the market-data provider')
ON CONFLICT (name) DO NOTHING;
