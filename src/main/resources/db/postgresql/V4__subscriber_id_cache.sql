-- H2's V4 enlarges the identity cache of subscriber.id, which H2 writes to its file each time the cache
-- runs out. PostgreSQL logs sequence values in its WAL, 32 at a time, at no such cost: nothing to change.
SELECT 1;
