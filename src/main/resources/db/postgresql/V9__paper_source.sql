-- The documents a day's papers were fetched from, when digest.abstracts is an http(s) URL, written in the
-- transaction that loads the papers: a resume, or a run begun again before its job started, reads the
-- day from here and never fetches it again, and the day's origin stays on record.
CREATE TABLE paper_source (
    issue_date   DATE          NOT NULL,
    url          VARCHAR(2000) NOT NULL,
    content_type VARCHAR(200),
    body         TEXT          NOT NULL,
    fetched_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (issue_date, url)
);
