package org.paperdigest.delivery;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
    private final TransactionTemplate ownTransaction;
    private final SuppressionList suppressions;
    private final JdbcTemplate jdbcTemplate;
    // Not sealed: the seal is for the journal's ledger.
    private final GroupCommit<DeliveryOutcome> groupCommit = new GroupCommit<>(outcomes -> commit(outcomes, false));

    DeliveryStore(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions,
            SuppressionList suppressions) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.suppressions = suppressions;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** How the reply of an unknown outcome's one more try begins: after it, nobody sends that digest again. */
    public static final String TRIED_ONCE_MORE = "outcome unknown, tried once more: ";

    /**
     * A delivery row of the date that is done: delivered, bounced for good, or of unknown outcome that
     * had its one more try (the relay may have delivered it; sending again could make a second copy).
     * An unknown outcome whose run stopped before that try still owes it, on the resume.
     */
    public static final String FINISHED = "(d.status IN ('DELIVERED', 'BOUNCED') OR d.status = 'UNKNOWN' AND "
            + "d.last_reply LIKE '" + TRIED_ONCE_MORE + "%')";

    /** Which of these subscribers are done for the date (see {@link #FINISHED}). */
    public Set<Long> finishedAmong(LocalDate date, Collection<Long> subscriberIds) {
        return withRowAmong(date, subscriberIds, "AND " + FINISHED);
    }

    /** Which of these subscribers have an unknown outcome that still owes its one more try. */
    Set<Long> owedOnceMoreAmong(LocalDate date, Collection<Long> subscriberIds) {
        return withRowAmong(date, subscriberIds, "AND d.status = 'UNKNOWN' AND NOT " + FINISHED);
    }

    /** Which of these subscribers have a delivery row for the date that also meets {@code condition}. */
    private Set<Long> withRowAmong(LocalDate date, Collection<Long> subscriberIds, String condition) {
        if (subscriberIds.isEmpty()) {
            return Set.of();
        }
        // The id range lets H2 use the whole primary key; with the id list alone it reads every row of the date.
        // The list is one array parameter, not an IN list of as many markers: the SQL text stays the same
        // for every chunk, so H2 parses it once per connection instead of a thousand-marker query each time.
        return new HashSet<>(jdbc.sql("""
                SELECT d.subscriber_id FROM delivery d
                WHERE d.issue_date = ? AND d.subscriber_id BETWEEN ? AND ? AND d.subscriber_id = ANY(?) """ + condition)
                .params(date, Collections.min(subscriberIds), Collections.max(subscriberIds),
                        subscriberIds.toArray(Long[]::new))
                .query(Long.class)
                .list());
    }

    /**
     * Records an outcome and returns once it is committed, for a database without the journal: in one
     * transaction with the outcomes the process's other connections record meanwhile ({@link GroupCommit}).
     * A bounce also puts the address on the suppression list, in the same transaction.
     */
    void record(DeliveryOutcome outcome) {
        groupCommit.commit(outcome);
    }

    /**
     * Records outcomes in one transaction, adding their attempts to earlier ones of the same delivery.
     * Most outcomes of a send are a subscriber's first for the date: those are plain inserts, cheaper
     * for H2 than a MERGE per row; the others update their row.
     *
     * @return the database's count of such commits after this one (see {@link #commits()})
     */
    public long recordAll(List<DeliveryOutcome> recordedInOrder) {
        return recordedInOrder.isEmpty() ? commits() : commit(recordedInOrder, true);
    }

    /** @return the count of sealed commits after this one, or -1 when not {@code sealed} */
    private long commit(List<DeliveryOutcome> recordedInOrder, boolean sealed) {
        List<DeliveryOutcome> outcomes = latestPerDelivery(recordedInOrder);
        return ownTransaction.execute(tx -> {
            Set<Long> recorded = recordedAmong(outcomes);
            List<DeliveryOutcome> first = outcomes.stream().filter(o -> !recorded.contains(o.subscriberId())).toList();
            List<DeliveryOutcome> again = outcomes.stream().filter(o -> recorded.contains(o.subscriberId())).toList();
            jdbcTemplate.batchUpdate("""
                    INSERT INTO delivery (issue_date, subscriber_id, email, message_id, status, attempts, last_reply,
                        updated_at, papers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    first, first.size(), (statement, o) -> {
                        statement.setObject(1, o.date());
                        statement.setLong(2, o.subscriberId());
                        statement.setString(3, o.email());
                        statement.setString(4, o.messageId());
                        statement.setString(5, o.status().name());
                        statement.setInt(6, o.attempts());
                        statement.setString(7, o.reply());
                        statement.setObject(8, o.at());
                        statement.setString(9, o.papers());
                    });
            jdbcTemplate.batchUpdate("""
                    UPDATE delivery SET status = ?, attempts = attempts + ?, last_reply = ?, message_id = ?,
                        updated_at = ?, papers = ? WHERE issue_date = ? AND subscriber_id = ?""",
                    again, again.size(), (statement, o) -> {
                        statement.setString(1, o.status().name());
                        statement.setInt(2, o.attempts());
                        statement.setString(3, o.reply());
                        statement.setString(4, o.messageId());
                        statement.setObject(5, o.at());
                        statement.setString(6, o.papers());
                        statement.setObject(7, o.date());
                        statement.setLong(8, o.subscriberId());
                    });
            for (DeliveryOutcome o : outcomes) {
                if (o.status() == DeliveryStatus.BOUNCED) {
                    suppressions.add(o.email(), o.date(), o.reply());
                }
            }
            if (!sealed) {
                return -1L;
            }
            // Last, so that the row is locked only for the commit itself.
            jdbc.sql("UPDATE delivery_seal SET commits = commits + 1 WHERE id = 1").update();
            return commits();
        });
    }

    /** How many times outcomes were committed; the journal's ledger holds the same count ({@link JournalLedger}). */
    long commits() {
        return jdbc.sql("SELECT commits FROM delivery_seal WHERE id = 1").query(Long.class).single();
    }

    /**
     * One outcome per delivery: a message tried once more after an unknown outcome has two in the same
     * batch, which become one row, the latest outcome with the attempts of both.
     */
    private static List<DeliveryOutcome> latestPerDelivery(List<DeliveryOutcome> outcomes) {
        Map<DeliveryKey, DeliveryOutcome> latest = new LinkedHashMap<>();
        for (DeliveryOutcome o : outcomes) {
            latest.merge(new DeliveryKey(o.date(), o.subscriberId()), o, (earlier, later) -> new DeliveryOutcome(
                    later.date(), later.subscriberId(), later.email(), later.messageId(), later.status(), later.reply(),
                    earlier.attempts() + later.attempts(), later.at(), later.papers()));
        }
        return latest.size() == outcomes.size() ? outcomes : List.copyOf(latest.values());
    }

    private record DeliveryKey(LocalDate date, long subscriberId) {
    }

    /** The subscribers among these outcomes that already have a delivery row for their date. */
    private Set<Long> recordedAmong(List<DeliveryOutcome> outcomes) {
        Set<Long> recorded = new HashSet<>();
        outcomes.stream().collect(Collectors.groupingBy(DeliveryOutcome::date,
                Collectors.mapping(DeliveryOutcome::subscriberId, Collectors.toList())))
                .forEach((date, ids) -> recorded.addAll(withRowAmong(date, ids, "")));
        return recorded;
    }

    /**
     * The papers of each digest of the date that may have reached its reader (delivered, or of unknown outcome),
     * as {@link Digest#papers()} gives them, one subscriber at a time: a date may have a million.
     */
    public void forEachSentPapers(LocalDate date, BiConsumer<Long, String> subscriberAndPapers) {
        jdbcTemplate.query("SELECT subscriber_id, papers FROM delivery WHERE issue_date = ?"
                        + " AND status IN ('DELIVERED', 'UNKNOWN') AND papers IS NOT NULL",
                (RowCallbackHandler) rs -> subscriberAndPapers.accept(rs.getLong(1), rs.getString(2)), date);
    }

    public Map<DeliveryStatus, Integer> countsByStatus(LocalDate date) {
        return countsByStatus(date, null);
    }

    /** The date's deliveries by status, of those updated since the given time (all of them when it is null). */
    public Map<DeliveryStatus, Integer> countsByStatus(LocalDate date, OffsetDateTime since) {
        Map<DeliveryStatus, Integer> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus s : DeliveryStatus.values()) {
            counts.put(s, 0);
        }
        String sql = "SELECT status, COUNT(*) AS n FROM delivery WHERE issue_date = :date"
                + (since == null ? "" : " AND updated_at >= :since") + " GROUP BY status";
        jdbc.sql(sql).param("date", date).param("since", since).query(rs -> {
            counts.put(DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("n"));
        });
        return counts;
    }

    /**
     * Active subscribers on the suppression list without a delivery of the date: those the date skipped as
     * suppressed (one that bounced that day counts as bounced).
     */
    public long countSuppressedSkipped(LocalDate date) {
        // From the suppression list, which is short, to each subscriber by the unique email_key.
        return jdbc.sql("""
                SELECT COUNT(*) FROM suppression x JOIN subscriber s ON s.email_key = x.email_key
                WHERE s.active = TRUE
                  AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.issue_date = ? AND d.subscriber_id = s.id)""")
                .param(date)
                .query(Long.class)
                .single();
    }

    public record Failure(String email, DeliveryStatus status, int attempts, String lastReply) {
    }

    /** Deliveries of the date that did not succeed, for status and the run summary. */
    public List<Failure> failures(LocalDate date) {
        return jdbc.sql("""
                SELECT email, status, attempts, last_reply FROM delivery
                WHERE issue_date = ? AND status IN ('FAILED', 'BOUNCED', 'UNKNOWN') ORDER BY email""")
                .param(date)
                .query((rs, n) -> new Failure(rs.getString("email"), DeliveryStatus.valueOf(rs.getString("status")),
                        rs.getInt("attempts"), rs.getString("last_reply")))
                .list();
    }
}
