-- Why an address is suppressed: 'bounced' (a permanent failure, issue_date the run that bounced) or
-- 'unsubscribed' (the reader's one-click link, issue_date the day of it). created_at says when, either way.
ALTER TABLE suppression ADD COLUMN reason VARCHAR(16) DEFAULT 'bounced' NOT NULL;
