package org.paperdigest.subscribers;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Table {@code subscribers_file_applied}: the {@link SubscribersFile#fingerprint} of the subscribers file the
 * last sync applied, and its number of entries. A file with that fingerprint needs neither a check nor a sync:
 * it was found valid, and applying it again would change nothing, while reading 100,000 entries takes seconds.
 * It also keeps how many of the entries are active, which after the sync are exactly the active rows.
 */
final class AppliedFile {

    private static final String ENTRIES =
            "SELECT entries FROM subscribers_file_applied WHERE id = 1 AND fingerprint = ?";
    private static final String ACTIVE_ENTRIES = "SELECT active_entries FROM subscribers_file_applied WHERE id = 1";
    private static final String UPDATE = """
            UPDATE subscribers_file_applied SET fingerprint = ?, entries = ?, active_entries = ?, applied_at = ?
            WHERE id = 1""";
    private static final String INSERT = """
            INSERT INTO subscribers_file_applied (id, fingerprint, entries, active_entries, applied_at)
            VALUES (1, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;

    AppliedFile(JdbcClient jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /** @return the number of entries of the file last applied, if its fingerprint is this one; empty otherwise */
    OptionalLong entries(String fingerprint) {
        return count(ENTRIES, fingerprint);
    }

    /** @return how many entries of the file last applied are active, which are the active rows; empty if none was */
    OptionalLong activeEntries() {
        return count(ACTIVE_ENTRIES);
    }

    private OptionalLong count(String query, Object... params) {
        return jdbc.sql(query).params(params).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Remembers the file a sync applied. Call it inside the sync's transaction, so that it is rolled back with
     * the sync: it must never name a file whose changes are not in the table.
     */
    void record(String fingerprint, long entries, long activeEntries) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (jdbc.sql(UPDATE).params(fingerprint, entries, activeEntries, now).update() == 0) {
            jdbc.sql(INSERT).params(fingerprint, entries, activeEntries, now).update();
        }
    }
}
