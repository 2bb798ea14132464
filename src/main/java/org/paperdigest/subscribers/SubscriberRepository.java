package org.paperdigest.subscribers;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read access to table {@code subscriber} for the rest of the application; only the sync writes it. */
@Repository
public class SubscriberRepository {

    private final JdbcClient jdbc;
    private final SubscriberRowMapper rowMapper = new SubscriberRowMapper();

    public SubscriberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The subscriber with this address, ignoring case and surrounding blanks, active or not. */
    public Optional<Subscriber> findByEmail(String email) {
        return jdbc.sql("SELECT " + SubscriberRowMapper.COLUMNS + " FROM subscriber WHERE email_key = ?")
                .param(EmailKey.of(email))
                .query(rowMapper)
                .optional();
    }

    public long countActive() {
        return count(true);
    }

    public long countInactive() {
        return count(false);
    }

    private long count(boolean active) {
        return jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE active = ?")
                .param(active)
                .query(Long.class)
                .single();
    }
}
