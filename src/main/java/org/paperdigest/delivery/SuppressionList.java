package org.paperdigest.delivery;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Addresses that bounced for good, table {@code suppression}: they get no more digests until cleared. */
@Repository
public class SuppressionList {

    private final JdbcClient jdbc;

    SuppressionList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Suppressed(String email, LocalDate issueDate, String reply) {
    }

    /**
     * Suppresses an address, or renews its entry with this bounce. An update, else an insert, rather than H2's
     * {@code MERGE ... KEY} or PostgreSQL's {@code ON CONFLICT}: the same SQL on both, and a bounce is rare.
     */
    void add(String email, LocalDate date, String reply) {
        String key = email.toLowerCase(Locale.ROOT);
        OffsetDateTime now = OffsetDateTime.now();
        if (jdbc.sql("UPDATE suppression SET email = ?, issue_date = ?, reply = ?, created_at = ? WHERE email_key = ?")
                .params(email, date, reply, now, key)
                .update() == 0) {
            jdbc.sql("INSERT INTO suppression (email_key, email, issue_date, reply, created_at) VALUES (?, ?, ?, ?, ?)")
                    .params(key, email, date, reply, now)
                    .update();
        }
    }

    /** Clears an address; false when it was not suppressed. */
    public boolean remove(String email) {
        return jdbc.sql("DELETE FROM suppression WHERE email_key = ?")
                .param(email.strip().toLowerCase(Locale.ROOT))
                .update() > 0;
    }

    public List<Suppressed> all() {
        return jdbc.sql("SELECT email, issue_date, reply FROM suppression ORDER BY email_key")
                .query((rs, n) -> new Suppressed(rs.getString("email"), rs.getObject("issue_date", LocalDate.class),
                        rs.getString("reply")))
                .list();
    }
}
