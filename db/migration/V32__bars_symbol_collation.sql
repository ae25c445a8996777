-- Symbols are ASCII codes: the "C" collation compares them bytewise, which makes the primary-key index of the bar
-- tables (and every load's key lookups) markedly cheaper than a linguistic collation, and sorts them as traders expect.
ALTER TABLE bars_1m ALTER COLUMN symbol TYPE text COLLATE "C";
ALTER TABLE bars_1d ALTER COLUMN symbol TYPE text COLLATE "C";
