-- The subscribers file the last sync applied: its fingerprint (the SHA-256 of its bytes, with the
-- versions of paper-digest and of its validation rules), how many entries it had, and when. A sync,
-- and send's check before the job, skip a file whose fingerprint is this one: it was checked and
-- applied already, and reading 100,000 entries takes seconds. One row at most; written in the
-- sync's own transaction, so it never names a file that was not applied.
CREATE TABLE subscribers_file_applied (
    id          INT           NOT NULL PRIMARY KEY CHECK (id = 1),
    fingerprint VARCHAR(1000) NOT NULL,
    entries     BIGINT        NOT NULL,
    applied_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
