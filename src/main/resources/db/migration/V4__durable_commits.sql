-- H2 keeps commits in memory for up to 500 ms by default, so a killed process could lose the record
-- of a message the relay already accepted, and send it again. Write every commit through to the
-- file (the operating system's cache, which survives the process). This setting is stored in the
-- database, so it holds whatever JDBC URL the operator uses.
SET WRITE_DELAY 0;
