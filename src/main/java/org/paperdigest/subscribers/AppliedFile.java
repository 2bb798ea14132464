package org.paperdigest.subscribers;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Table {@code subscribers_file_applied}: the fingerprint of the file the last sync applied, with its entries and
 * active entries. A file with that fingerprint needs neither a check nor a sync, and its active entries are the
 * active rows.
 */
final class AppliedFile {

    private final JdbcClient jdbc;

    AppliedFile(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The entries of the file last applied, if its fingerprint is this one. */
    OptionalLong entries(String fingerprint) {
        return count("SELECT entries FROM subscribers_file_applied WHERE id = 1 AND fingerprint = ?", fingerprint);
    }

    /** Empty if no sync recorded one. */
    OptionalLong activeEntries() {
        return count("SELECT active_entries FROM subscribers_file_applied WHERE id = 1");
    }

    private OptionalLong count(String query, Object... params) {
        return jdbc.sql(query).params(params).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** In the sync's transaction: it must never name a file whose changes were rolled back. */
    void record(String fingerprint, long entries, long activeEntries) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (jdbc.sql("UPDATE subscribers_file_applied SET fingerprint = ?, entries = ?, active_entries = ?,"
                + " applied_at = ? WHERE id = 1").params(fingerprint, entries, activeEntries, now).update() == 0) {
            jdbc.sql("INSERT INTO subscribers_file_applied (id, fingerprint, entries, active_entries, applied_at)"
                    + " VALUES (1, ?, ?, ?, ?)").params(fingerprint, entries, activeEntries, now).update();
        }
    }
}
