package org.paperdigest.delivery;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The delivery record, table {@code delivery}. Outcomes are committed on their own, outside the
 * chunk's transaction: a message the relay accepted stays recorded even when the chunk then fails.
 */
@Repository
public class DeliveryStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate ownTransaction;
    private final SuppressionList suppressions;

    DeliveryStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, PlatformTransactionManager transactions,
            SuppressionList suppressions) {
        this.jdbc = jdbc;
        this.named = named;
        this.suppressions = suppressions;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Which of these subscribers are done for the date: delivered, or bounced for good. */
    public Set<Long> finishedAmong(LocalDate date, Collection<Long> subscriberIds) {
        if (subscriberIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(named.queryForList("""
                SELECT subscriber_id FROM delivery
                WHERE issue_date = :date AND status IN ('DELIVERED', 'BOUNCED') AND subscriber_id IN (:ids)""",
                new MapSqlParameterSource("date", date).addValue("ids", subscriberIds), Long.class));
    }

    /**
     * Records the outcome of a digest's delivery, adding the attempts it took; a bounce also puts
     * the address on the suppression list, in the same transaction.
     */
    public void record(Digest digest, String messageId, DeliveryStatus status, String reply, int attempts) {
        LocalDate date = digest.date();
        long subscriberId = digest.subscriber().id();
        String email = digest.subscriber().email();
        String lastReply = reply == null ? null : reply.length() > 1000 ? reply.substring(0, 1000) : reply;
        OffsetDateTime now = OffsetDateTime.now();
        ownTransaction.executeWithoutResult(tx -> {
            int updated = jdbc.sql("""
                    UPDATE delivery SET status = ?, attempts = attempts + ?, last_reply = ?, message_id = ?, updated_at = ?
                    WHERE issue_date = ? AND subscriber_id = ?""")
                    .params(status.name(), attempts, lastReply, messageId, now, date, subscriberId)
                    .update();
            if (updated == 0) {
                jdbc.sql("""
                        INSERT INTO delivery (issue_date, subscriber_id, email, message_id, status, attempts, last_reply, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(date, subscriberId, email, messageId, status.name(), attempts, lastReply, now)
                        .update();
            }
            if (status == DeliveryStatus.BOUNCED) {
                suppressions.add(email, date, lastReply);
            }
        });
    }

    public Map<DeliveryStatus, Integer> countsByStatus(LocalDate date) {
        Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            counts.put(s, 0);
        }
        jdbc.sql("SELECT status, COUNT(*) AS n FROM delivery WHERE issue_date = ? GROUP BY status")
                .param(date)
                .query(rs -> {
                    counts.put(DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                });
        return counts;
    }

    /** Digests of the date delivered since the given time: what the current run sent. */
    public long countDeliveredSince(LocalDate date, OffsetDateTime since) {
        return jdbc.sql("SELECT COUNT(*) FROM delivery WHERE issue_date = ? AND status = 'DELIVERED' AND updated_at >= ?")
                .params(date, since)
                .query(Long.class)
                .single();
    }

    public record Failure(String email, DeliveryStatus status, int attempts, String lastReply) {
    }

    /** Deliveries of the date that did not succeed, for status and the run summary. */
    public List<Failure> failures(LocalDate date) {
        return jdbc.sql("""
                SELECT email, status, attempts, last_reply FROM delivery
                WHERE issue_date = ? AND status <> 'DELIVERED' ORDER BY email""")
                .param(date)
                .query((rs, n) -> new Failure(rs.getString("email"), DeliveryStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempts"), rs.getString("last_reply")))
                .list();
    }
}
