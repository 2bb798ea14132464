-- The papers each digest held, as their positions in its day's list ("3,17,42"), so that a later issue
-- leaves out what a reader already got (digest.repeat-papers). Null for deliveries recorded before.
ALTER TABLE delivery ADD COLUMN papers VARCHAR(1000);
