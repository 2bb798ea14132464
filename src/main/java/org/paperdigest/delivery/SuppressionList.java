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

    void add(String email, LocalDate date, String reply) {
        jdbc.sql("""
                MERGE INTO suppression (email_key, email, issue_date, reply, created_at)
                KEY (email_key) VALUES (?, ?, ?, ?, ?)""")
                .params(email.toLowerCase(Locale.ROOT), email, date, reply, OffsetDateTime.now())
                .update();
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
