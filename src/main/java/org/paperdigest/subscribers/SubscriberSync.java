package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes table {@code subscriber} match the subscribers file. Rows are matched by the lower-cased
 * address; they are never deleted (deliveries refer to them), only deactivated, and a row keeps
 * its unsubscribe token for life. The file is read and validated completely before the
 * transaction starts, and the plan is applied in one transaction, so a sync is all or nothing.
 */
@Component
public class SubscriberSync {

    private static final int TOKEN_BYTES = 16; // 128 bits

    private static final String INSERT = """
            INSERT INTO subscriber (email, email_key, name, interests, excludes, max_papers, format, active,
                                    unsubscribe_token, updated_at)
            VALUES (:email, :emailKey, :name, :interests, :excludes, :maxPapers, :format, :active, :token, :now)""";

    private static final String UPDATE = """
            UPDATE subscriber
               SET email = :email, email_key = :emailKey, name = :name, interests = :interests,
                   excludes = :excludes, max_papers = :maxPapers, format = :format, active = :active,
                   updated_at = :now
             WHERE id = :id""";

    private static final String DEACTIVATE =
            "UPDATE subscriber SET active = FALSE, updated_at = :now WHERE id = :id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SubscribersFile subscribersFile;
    private final SubscriberRowMapper rowMapper = new SubscriberRowMapper();
    private final SecureRandom random = new SecureRandom();

    public SubscriberSync(JdbcClient jdbc, PlatformTransactionManager transactionManager,
            SubscribersFile subscribersFile) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transaction = new TransactionTemplate(transactionManager);
        this.subscribersFile = Objects.requireNonNull(subscribersFile, "subscribersFile");
    }

    /**
     * What {@link #apply} would do now; writes nothing.
     *
     * @throws org.paperdigest.BadInputException when the file is not valid
     */
    public SyncPlan plan(Path file) {
        List<SubscriberEntry> entries = subscribersFile.read(file);
        return diff(entries, rowsByKey());
    }

    /**
     * Plans and applies the sync in one transaction.
     *
     * @throws org.paperdigest.BadInputException when the file is not valid; the table is then untouched
     */
    public SyncPlan apply(Path file) {
        List<SubscriberEntry> entries = subscribersFile.read(file);
        return transaction.execute(status -> {
            // planned inside the transaction, so that what is written is what was compared
            SyncPlan plan = diff(entries, rowsByKey());
            write(plan);
            return plan;
        });
    }

    private Map<String, Subscriber> rowsByKey() {
        Map<String, Subscriber> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT email_key, " + SubscriberRowMapper.COLUMNS + " FROM subscriber ORDER BY id")
                .query(rs -> {
                    rows.put(rs.getString("email_key"), rowMapper.mapRow(rs, rows.size()));
                });
        return rows;
    }

    static SyncPlan diff(List<SubscriberEntry> entries, Map<String, Subscriber> rowsByKey) {
        List<SubscriberEntry> added = new ArrayList<>();
        List<SyncPlan.Change> changed = new ArrayList<>();
        Set<String> inFile = new HashSet<>();
        int unchanged = 0;
        for (SubscriberEntry entry : entries) {
            inFile.add(entry.emailKey());
            Subscriber row = rowsByKey.get(entry.emailKey());
            if (row == null) {
                added.add(entry);
                continue;
            }
            List<String> fields = changedFields(row, entry);
            if (fields.isEmpty()) {
                unchanged++;
            } else {
                changed.add(new SyncPlan.Change(row.id(), entry, fields));
            }
        }
        List<SyncPlan.Deactivation> deactivated = rowsByKey.entrySet().stream()
                .filter(row -> row.getValue().active() && !inFile.contains(row.getKey()))
                .sorted(Map.Entry.comparingByKey())
                .map(row -> new SyncPlan.Deactivation(row.getValue().id(), row.getValue().email()))
                .toList();
        return new SyncPlan(added, changed, deactivated, unchanged);
    }

    /** The file keys whose values differ, in {@link SubscribersFile#KEYS} order. */
    private static List<String> changedFields(Subscriber row, SubscriberEntry entry) {
        List<String> fields = new ArrayList<>();
        if (!row.email().equals(entry.email())) {
            fields.add("email");
        }
        if (!Objects.equals(row.name(), entry.name())) {
            fields.add("name");
        }
        // order counts: it is the order the digest shows the interests in
        if (!row.interests().equals(entry.interests())) {
            fields.add("interests");
        }
        if (!row.exclude().equals(entry.exclude())) {
            fields.add("exclude");
        }
        if (row.maxPapers() != entry.maxPapers()) {
            fields.add("max-papers");
        }
        if (row.format() != entry.format()) {
            fields.add("format");
        }
        if (row.active() != entry.active()) {
            fields.add("active");
        }
        return fields;
    }

    private void write(SyncPlan plan) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (SyncPlan.Change change : plan.changed()) {
            expectOneRow(entryParams(jdbc.sql(UPDATE), change.entry(), now).param("id", change.id()).update(),
                    change.id());
        }
        for (SyncPlan.Deactivation deactivation : plan.deactivated()) {
            expectOneRow(jdbc.sql(DEACTIVATE).param("now", now).param("id", deactivation.id()).update(),
                    deactivation.id());
        }
        for (SubscriberEntry entry : plan.added()) {
            entryParams(jdbc.sql(INSERT), entry, now).param("token", newToken()).update();
        }
    }

    private static JdbcClient.StatementSpec entryParams(JdbcClient.StatementSpec statement, SubscriberEntry entry,
            OffsetDateTime now) {
        return statement
                .param("email", entry.email())
                .param("emailKey", entry.emailKey())
                .param("name", entry.name(), Types.VARCHAR)
                .param("interests", JsonLists.write(entry.interests()))
                .param("excludes", JsonLists.write(entry.exclude()))
                .param("maxPapers", entry.maxPapers())
                .param("format", entry.format().value())
                .param("active", entry.active())
                .param("now", now);
    }

    /** A row planned from a moment ago vanished: roll everything back rather than half-apply. */
    private static void expectOneRow(int rows, long id) {
        if (rows != 1) {
            throw new IllegalStateException("subscriber row " + id + " changed during the sync; nothing was applied");
        }
    }

    /** 128 random bits, base64url without padding: unguessable and safe in a URL. */
    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
