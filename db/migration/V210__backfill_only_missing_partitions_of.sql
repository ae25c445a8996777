-- A backfill planned with "only the dates whose partition of this dataset has no event" records the dataset's URI,
-- so that the API and the CLI show what the backfill was asked for (null: every date of the range).
ALTER TABLE backfill ADD COLUMN only_missing_partitions_of text;
