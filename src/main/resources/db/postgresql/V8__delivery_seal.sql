-- How many times outcomes were committed to table delivery. The same count goes to the ledger beside the
-- delivery journal after each commit, so a database that is behind the ledger (replaced by an older copy, or
-- a file that lost its last commits) is found before a run could send those digests again.
CREATE TABLE delivery_seal (id INT PRIMARY KEY, commits BIGINT NOT NULL);
INSERT INTO delivery_seal VALUES (1, 0);
