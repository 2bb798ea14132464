-- A sync adds subscribers in batches of 1,000. H2 writes an identity's next value to the file, a
-- commit of its own that also writes every page changed since, each time its CACHE of values is
-- used up: every 32 rows by default, which took most of the time of a first sync of many
-- subscribers. The price of a larger cache is a gap in the ids after a crash, which nothing minds.
ALTER TABLE subscriber ALTER COLUMN id SET CACHE 10000;
