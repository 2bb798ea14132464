-- The run summary and `status` count the date's deliveries by status, and those delivered since the
-- run started: with this index H2 counts index entries instead of reading every row of a day with
-- 100,000 subscribers. (Not an index on subscriber.active: H2 would read the send's pages of
-- subscribers through it and sort them, instead of walking the primary key.)
DROP INDEX delivery_status_idx;
CREATE INDEX delivery_status_idx ON delivery (issue_date, status, updated_at);
