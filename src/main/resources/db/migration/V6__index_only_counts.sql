-- The run summary and `status` count deliveries by status, and those delivered since the run
-- started, and subscribers active or not. With these indexes H2 counts index entries instead of
-- reading every row, with its interests and reply, of a day with 100,000 subscribers.
DROP INDEX delivery_status_idx;
CREATE INDEX delivery_status_idx ON delivery (issue_date, status, updated_at);
CREATE INDEX subscriber_active_idx ON subscriber (active);
