package org.paperdigest.delivery;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbcTemplate;
    private final GroupCommit<DeliveryOutcome> commits = new GroupCommit<>(this::recordAll);

    DeliveryStore(JdbcClient jdbc, NamedParameterJdbcTemplate named, PlatformTransactionManager transactions,
            SuppressionList suppressions) {
        this.jdbc = jdbc;
        this.named = named;
        this.jdbcTemplate = named.getJdbcTemplate();
        this.suppressions = suppressions;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Which of these subscribers are done for the date: delivered, or bounced for good. */
    public Set<Long> finishedAmong(LocalDate date, Collection<Long> subscriberIds) {
        if (subscriberIds.isEmpty()) {
            return Set.of();
        }
        // The id range lets H2 use the whole primary key; with the IN list alone it reads every row of the date.
        return new HashSet<>(named.queryForList("""
                SELECT subscriber_id FROM delivery
                WHERE issue_date = :date AND subscriber_id BETWEEN :lo AND :hi AND subscriber_id IN (:ids)
                  AND status IN ('DELIVERED', 'BOUNCED')""",
                new MapSqlParameterSource("date", date)
                        .addValue("lo", Collections.min(subscriberIds))
                        .addValue("hi", Collections.max(subscriberIds))
                        .addValue("ids", subscriberIds), Long.class));
    }

    /**
     * Records an outcome and returns once it is committed; outcomes recorded at the same time on
     * other connections share the commit. A bounce also puts the address on the suppression list,
     * in the same transaction.
     */
    void record(DeliveryOutcome outcome) {
        commits.commit(outcome);
    }

    /** Records outcomes in one transaction, adding their attempts to earlier ones of the same delivery. */
    public void recordAll(List<DeliveryOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        ownTransaction.executeWithoutResult(tx -> {
            jdbcTemplate.batchUpdate("""
                    MERGE INTO delivery d
                    USING (VALUES (CAST(? AS DATE), CAST(? AS BIGINT), CAST(? AS VARCHAR(320)), CAST(? AS VARCHAR(250)),
                                   CAST(? AS VARCHAR(16)), CAST(? AS INT), CAST(? AS VARCHAR(1000)),
                                   CAST(? AS TIMESTAMP WITH TIME ZONE)))
                          AS o (issue_date, subscriber_id, email, message_id, status, attempts, last_reply, updated_at)
                    ON d.issue_date = o.issue_date AND d.subscriber_id = o.subscriber_id
                    WHEN MATCHED THEN UPDATE SET status = o.status, attempts = d.attempts + o.attempts,
                        last_reply = o.last_reply, message_id = o.message_id, updated_at = o.updated_at
                    WHEN NOT MATCHED THEN INSERT (issue_date, subscriber_id, email, message_id, status, attempts,
                        last_reply, updated_at) VALUES (o.issue_date, o.subscriber_id, o.email, o.message_id,
                        o.status, o.attempts, o.last_reply, o.updated_at)""",
                    outcomes, outcomes.size(), (statement, o) -> {
                        statement.setObject(1, o.date());
                        statement.setLong(2, o.subscriberId());
                        statement.setString(3, o.email());
                        statement.setString(4, o.messageId());
                        statement.setString(5, o.status().name());
                        statement.setInt(6, o.attempts());
                        statement.setString(7, o.reply());
                        statement.setObject(8, o.at());
                    });
            for (DeliveryOutcome o : outcomes) {
                if (o.status() == DeliveryStatus.BOUNCED) {
                    suppressions.add(o.email(), o.date(), o.reply());
                }
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
