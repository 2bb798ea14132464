-- A reader's example papers (key 'like'), a JSON array of arXiv ids or titles as in the file; '[]' for none.
ALTER TABLE subscriber ADD COLUMN likes VARCHAR(20000) DEFAULT '[]' NOT NULL;
