-- How many of the applied file's entries are active. Only a sync writes table subscriber, and after one
-- the active rows are exactly the file's active entries, so the run summary and `status` read the count
-- here (with H2's constant-time COUNT(*) of the table for the inactive ones) instead of reading every row:
-- a third of a second at 100,000 subscribers, on every run. Filled from the table for the file applied.
ALTER TABLE subscribers_file_applied ADD COLUMN active_entries BIGINT;
UPDATE subscribers_file_applied SET active_entries = (SELECT COUNT(*) FROM subscriber WHERE active);
