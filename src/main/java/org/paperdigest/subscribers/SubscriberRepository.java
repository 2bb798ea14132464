package org.paperdigest.subscribers;

import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read access to table {@code subscriber} for the rest of the application; only the sync writes it. */
@Repository
public class SubscriberRepository {

    private final JdbcClient jdbc;
    private final AppliedFile appliedFile;

    public SubscriberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.appliedFile = new AppliedFile(jdbc);
    }

    /** The subscriber with this address, ignoring case and surrounding blanks, active or not. */
    public Optional<Subscriber> findByEmail(String email) {
        return jdbc.sql("SELECT " + SubscriberRowMapper.COLUMNS + " FROM subscriber WHERE email_key = ?")
                .param(SubscriberEntry.emailKey(email))
                .query(new SubscriberRowMapper()) // not shared: a mapper keeps a page's lists
                .optional();
    }

    /**
     * The last sync recorded how many are active (only a sync writes the table), and H2 counts a table's rows
     * without reading them; without that record, one scan of the table.
     */
    public Counts counts() {
        OptionalLong active = appliedFile.activeEntries();
        if (active.isPresent()) {
            long rows = jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Long.class).single();
            return new Counts(active.getAsLong(), rows - active.getAsLong());
        }
        long[] counts = new long[2];
        jdbc.sql("SELECT active, COUNT(*) AS n FROM subscriber GROUP BY active")
                .query(rs -> {
                    counts[rs.getBoolean("active") ? 0 : 1] = rs.getLong("n");
                });
        return new Counts(counts[0], counts[1]);
    }

    public record Counts(long active, long inactive) {
    }
}
