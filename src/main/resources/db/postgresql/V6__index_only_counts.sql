-- As db/migration/V6: the counts by status, and of those delivered since the run started, read the index only.
DROP INDEX delivery_status_idx;
CREATE INDEX delivery_status_idx ON delivery (issue_date, status, updated_at);
