package org.paperdigest.delivery;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.paperdigest.unsubscribe.Unsubscriptions;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Addresses that get no more digests until cleared, table {@code suppression}: those that bounced for good,
 * and those that unsubscribed. The send step's reader skips them.
 */
@Repository
public class SuppressionList implements Unsubscriptions {

    public static final String BOUNCED = "bounced";
    public static final String UNSUBSCRIBED = "unsubscribed";

    private final JdbcClient jdbc;

    SuppressionList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param issueDate the run that bounced, or the day of the unsubscribe
     * @param reply     the relay's answer to a bounce; for an unsubscribe, how it came
     * @param reason    {@link #BOUNCED} or {@link #UNSUBSCRIBED}
     * @param since     when the address was suppressed
     */
    public record Suppressed(String email, LocalDate issueDate, String reply, String reason, OffsetDateTime since) {
    }

    /**
     * Suppresses an address, or renews its entry with this bounce. An update, else an insert, rather than H2's
     * {@code MERGE ... KEY} or PostgreSQL's {@code ON CONFLICT}: the same SQL on both, and a bounce is rare.
     */
    void add(String email, LocalDate date, String reply) {
        String key = key(email);
        OffsetDateTime now = OffsetDateTime.now();
        if (jdbc.sql("UPDATE suppression SET email = ?, issue_date = ?, reply = ?, reason = ?, created_at = ?"
                        + " WHERE email_key = ?")
                .params(email, date, reply, BOUNCED, now, key)
                .update() == 0) {
            jdbc.sql("INSERT INTO suppression (email_key, email, issue_date, reply, reason, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .params(key, email, date, reply, BOUNCED, now)
                    .update();
        }
    }

    /** Keeps an earlier suppression as it was: a repeated unsubscribe changes nothing, a bounce stays a bounce. */
    @Override
    public void unsubscribe(String email) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC); // its date is the day of the unsubscribe, in UTC
        try {
            jdbc.sql("""
                    INSERT INTO suppression (email_key, email, issue_date, reply, reason, created_at)
                    SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM suppression WHERE email_key = ?)""")
                    .params(key(email), email, now.toLocalDate(), "unsubscribed (one-click link)", UNSUBSCRIBED, now,
                            key(email))
                    .update();
        } catch (DuplicateKeyException e) {
            // the same link clicked twice at once: the other request recorded it
        }
    }

    /** Clears an address; false when it was not suppressed. */
    public boolean remove(String email) {
        return jdbc.sql("DELETE FROM suppression WHERE email_key = ?")
                .param(key(email))
                .update() > 0;
    }

    public List<Suppressed> all() {
        return jdbc.sql("SELECT email, issue_date, reply, reason, created_at FROM suppression ORDER BY email_key")
                .query((rs, n) -> new Suppressed(rs.getString("email"), rs.getObject("issue_date", LocalDate.class),
                        rs.getString("reply"), rs.getString("reason"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }

    // as subscriber.email_key: trimmed, lower-cased in Locale.ROOT
    private static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
