-- Addresses that bounced for good (5xx). They get no mail on later days, though they may still be in
-- the subscribers file, until an operator runs 'subscribers unsuppress ADDRESS'.
CREATE TABLE suppression (
    email_key  VARCHAR(320)  NOT NULL PRIMARY KEY,
    email      VARCHAR(320)  NOT NULL,
    issue_date DATE          NOT NULL,  -- the run that bounced
    reply      VARCHAR(1000),           -- the relay's answer
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
