package org.paperdigest.subscribers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;
import org.paperdigest.subscribers.SubscribersFile.Seen;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One sync, inside its transaction: applies the entries of the file a batch at a time, as {@link ReadAhead}
 * reads them. A batch costs one query (the rows with the batch's addresses), one insert of its new
 * subscribers and batched updates of what differs; an unchanged entry costs no write. Which rows the file
 * has is kept as one bit per row id, to deactivate the others at the end and to find an address given twice,
 * so the sync needs the memory of one batch plus an eighth of a byte per row, whatever the number of
 * subscribers. A staging table of the file would cost an insert, a delete and their commit per entry
 * on every sync, about as much as adding every subscriber anew.
 */
final class SyncRun {

    static final int BATCH_SIZE = 1_000;

    /**
     * The rows with the batch's addresses, given as one array: joined, H2 looks each up in the index;
     * {@code IN (?, ?, ...)} would also compare every row found with every address of the list.
     */
    private static final String ROWS = """
            SELECT t.id, t.email_key, t.email, t.name, t.interests, t.excludes, t.max_papers, t.format, t.active
              FROM UNNEST(CAST(? AS VARCHAR(320) ARRAY)) AS batch(email_key)
              JOIN subscriber t ON t.email_key = batch.email_key""";
    /**
     * The new rows of a batch, given as one array per column: one statement, where a JDBC batch would
     * run the statement and collect an id once per row.
     */
    private static final String INSERT = """
            INSERT INTO subscriber (updated_at, email, email_key, name, interests, excludes, max_papers, format,
                                    active, unsubscribe_token)
            SELECT CAST(? AS TIMESTAMP WITH TIME ZONE), batch.*
              FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS INTEGER ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS BOOLEAN ARRAY), CAST(? AS VARCHAR ARRAY)) AS batch""";
    private static final String UPDATE = """
            UPDATE subscriber
               SET email = ?, name = ?, interests = ?, excludes = ?, max_papers = ?, format = ?, active = ?,
                   updated_at = ?
             WHERE id = ?""";
    /** A page of the active rows in address order, after the last address of the page before. */
    private static final String ACTIVE = """
            SELECT id, email_key, email
              FROM subscriber
             WHERE active AND email_key > ?
             ORDER BY email_key
             FETCH FIRST %d ROWS ONLY""".formatted(BATCH_SIZE);
    private static final String ACTIVE_ROWS = "SELECT COUNT(*) FROM subscriber WHERE active";
    private static final String DEACTIVATE = "UPDATE subscriber SET active = FALSE, updated_at = ? WHERE id = ?";

    /** Where the lines of a sync go, one consumer per kind, so that they can be told in kind order. */
    record Lines(Consumer<String> added, Consumer<String> changed, Consumer<String> deactivated) {

        static final Lines NONE = new Lines(line -> { }, line -> { }, line -> { });
    }

    private final JdbcTemplate jdbc;
    private final SubscribersFile subscribersFile;
    private final Path file;
    private final Supplier<String> tokens;
    private final Lines lines;
    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    /** The ids of the rows the file has, found or added so far. */
    private final BitSet inFile = new BitSet();
    /** Rows that were active when the sync began, and how many of them the file has: if all, none is deactivated. */
    private final long activeBefore;
    private long activeFound;
    /** Entries of the file that are active: after the sync, the active rows. */
    private long activeEntries;
    private long added;
    private long changed;
    private long unchanged;
    private long deactivated;

    /** @param tokens a new unsubscribe token, for each subscriber added */
    SyncRun(JdbcTemplate jdbc, SubscribersFile subscribersFile, Path file, Supplier<String> tokens, Lines lines) {
        this.jdbc = jdbc;
        this.subscribersFile = subscribersFile;
        this.file = file;
        this.tokens = tokens;
        this.lines = lines;
        this.activeBefore = jdbc.queryForObject(ACTIVE_ROWS, Long.class);
    }

    /**
     * Applies a batch of entries read from the file: adds the new ones, updates the changed ones.
     *
     * @throws org.paperdigest.BadInputException for an address an earlier batch had, naming both entries
     */
    void apply(ReadAhead.Batch batch) {
        if (batch.emails().isEmpty()) {
            return;
        }
        Map<String, Row> rows = rowsOf(batch.emails());
        checkDuplicates(batch.emails(), rows);
        List<Write> inserts = new ArrayList<>();
        List<Write> updates = new ArrayList<>();
        for (SubscriberEntry entry : batch.entries()) {
            if (entry.active()) {
                activeEntries++;
            }
            Write write = new Write(entry, JsonLists.write(entry.interests()), JsonLists.write(entry.exclude()));
            Row row = rows.get(entry.emailKey());
            if (row == null) {
                inserts.add(write);
                lines.added().accept(SyncPlan.addedLine(entry.email(), entry.active()));
                continue;
            }
            inFile.set(bit(row.id()));
            if (row.active()) {
                activeFound++;
            }
            List<String> fields = row.changedFields(write);
            if (fields.isEmpty()) {
                unchanged++;
            } else {
                updates.add(write.of(row.id()));
                lines.changed().accept(SyncPlan.changedLine(entry.email(), fields));
            }
        }
        insert(inserts);
        update(updates);
        added += inserts.size();
        changed += updates.size();
    }

    /**
     * Deactivates the rows the file does not have, once all its entries are applied.
     *
     * @return what the sync did
     */
    SyncPlan finish() {
        if (activeFound < activeBefore) { // else every row that was active is in the file
            deactivateTheRest();
        }
        return new SyncPlan(added, changed, deactivated, unchanged);
    }

    /** The file's active entries applied so far: once all are, the number of active rows. */
    long activeEntries() {
        return activeEntries;
    }

    /**
     * Throws for the first address of the batch that an earlier batch had: call it for the entries read
     * before a problem of the file, which comes after them.
     *
     * @throws org.paperdigest.BadInputException naming both entries
     */
    void checkDuplicates(ReadAhead.Batch batch) {
        if (!batch.emails().isEmpty()) {
            checkDuplicates(batch.emails(), rowsOf(batch.emails()));
        }
    }

    /** The rows with these addresses, by address. */
    private Map<String, Row> rowsOf(Map<String, Seen> emails) {
        Object[] keys = emails.keySet().toArray();
        Map<String, Row> rows = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(ROWS);
            statement.setArray(1, connection.createArrayOf("VARCHAR", keys));
            return statement;
        }, (ResultSet rs) -> {
            rows.put(rs.getString("email_key"), Row.of(rs));
        });
        return rows;
    }

    /** @param emails in file order, so that the first duplicate is the one reported */
    private void checkDuplicates(Map<String, Seen> emails, Map<String, Row> rows) {
        for (Map.Entry<String, Seen> email : emails.entrySet()) {
            Row row = rows.get(email.getKey());
            if (row != null && inFile.get(bit(row.id()))) {
                // where it came first is read again from the file: holding it for every entry would take memory
                Seen first = subscribersFile.locate(file, email.getKey());
                throw SubscribersFile.duplicate(file.toString(), email.getValue(), first);
            }
        }
    }

    private void insert(List<Write> inserts) {
        if (inserts.isEmpty()) {
            return;
        }
        int n = inserts.size();
        String[] emails = new String[n];
        String[] emailKeys = new String[n];
        String[] names = new String[n];
        String[] interests = new String[n];
        String[] excludes = new String[n];
        Integer[] maxPapers = new Integer[n];
        String[] formats = new String[n];
        Boolean[] active = new Boolean[n];
        String[] newTokens = new String[n];
        for (int i = 0; i < n; i++) {
            Write write = inserts.get(i);
            SubscriberEntry entry = write.entry();
            emails[i] = entry.email();
            emailKeys[i] = entry.emailKey();
            names[i] = entry.name();
            interests[i] = write.interests();
            excludes[i] = write.excludes();
            maxPapers[i] = entry.maxPapers();
            formats[i] = entry.format().value();
            active[i] = entry.active();
            newTokens[i] = tokens.get();
        }
        int count = jdbc.execute(connection -> connection.prepareStatement(INSERT, new String[] {"id"}),
                (PreparedStatement statement) -> {
                    Connection connection = statement.getConnection();
                    statement.setObject(1, now);
                    statement.setArray(2, connection.createArrayOf("VARCHAR", emails));
                    statement.setArray(3, connection.createArrayOf("VARCHAR", emailKeys));
                    statement.setArray(4, connection.createArrayOf("VARCHAR", names));
                    statement.setArray(5, connection.createArrayOf("VARCHAR", interests));
                    statement.setArray(6, connection.createArrayOf("VARCHAR", excludes));
                    statement.setArray(7, connection.createArrayOf("INTEGER", maxPapers));
                    statement.setArray(8, connection.createArrayOf("VARCHAR", formats));
                    statement.setArray(9, connection.createArrayOf("BOOLEAN", active));
                    statement.setArray(10, connection.createArrayOf("VARCHAR", newTokens));
                    int rows = statement.executeUpdate();
                    int ids = 0;
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        while (keys.next()) {
                            inFile.set(bit(keys.getLong(1)));
                            ids++;
                        }
                    }
                    if (rows != n || ids != n) {
                        throw new IllegalStateException("the database added " + rows + " rows and gave " + ids
                                + " ids for " + n + " new subscribers; nothing was applied");
                    }
                    return rows;
                });
    }

    private void update(List<Write> updates) {
        if (updates.isEmpty()) {
            return;
        }
        int[] counts = jdbc.batchUpdate(UPDATE, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                Write write = updates.get(i);
                statement.setString(1, write.entry().email());
                write.setColumns(statement, 2);
                statement.setObject(8, now);
                statement.setLong(9, write.id());
            }

            @Override
            public int getBatchSize() {
                return updates.size();
            }
        });
        expectOneRowEach(counts, i -> updates.get(i).id());
    }

    /** Active rows whose address the file no longer has, in address order, a page at a time. */
    private void deactivateTheRest() {
        String after = "";
        while (true) {
            List<Object[]> gone = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            jdbc.query(ACTIVE, rs -> {
                long id = rs.getLong("id");
                keys.add(rs.getString("email_key"));
                if (!inFile.get(bit(id))) {
                    gone.add(new Object[] {now, id});
                    lines.deactivated().accept(SyncPlan.deactivatedLine(rs.getString("email")));
                }
            }, after);
            if (!gone.isEmpty()) {
                int[] counts = jdbc.batchUpdate(DEACTIVATE, gone);
                expectOneRowEach(counts, i -> (Long) gone.get(i)[1]);
                deactivated += gone.size();
            }
            if (keys.size() < BATCH_SIZE) {
                return;
            }
            after = keys.get(keys.size() - 1);
        }
    }

    /** A row compared a moment ago vanished: roll everything back rather than half-apply. */
    private static void expectOneRowEach(int[] counts, IntToLongFunction id) {
        for (int i = 0; i < counts.length; i++) {
            // a driver may answer "done, count unknown" for a batch
            if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("subscriber row " + id.applyAsLong(i)
                        + " changed during the sync; nothing was applied");
            }
        }
    }

    private static int bit(long id) {
        if (id < 0 || id > Integer.MAX_VALUE) {
            throw new IllegalStateException("subscriber id " + id + " is beyond what a sync can track");
        }
        return (int) id;
    }

    /** A row of table subscriber as it is, the lists as their stored JSON. */
    private record Row(long id, String email, String name, String interests, String excludes, int maxPapers,
            String format, boolean active) {

        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                    rs.getString("interests"), rs.getString("excludes"), rs.getInt("max_papers"),
                    rs.getString("format"), rs.getBoolean("active"));
        }

        /** The file keys whose values differ, in {@link EntryProblems#KEYS} order. */
        List<String> changedFields(Write write) {
            SubscriberEntry entry = write.entry();
            List<String> fields = new ArrayList<>();
            if (!email.equals(entry.email())) {
                fields.add("email");
            }
            if (!Objects.equals(name, entry.name())) {
                fields.add("name");
            }
            // order counts: it is the order the digest shows the interests in
            if (!sameList(interests, write.interests())) {
                fields.add("interests");
            }
            if (!sameList(excludes, write.excludes())) {
                fields.add("exclude");
            }
            if (maxPapers != entry.maxPapers()) {
                fields.add("max-papers");
            }
            if (Format.fromValue(format) != entry.format()) {
                fields.add("format");
            }
            if (active != entry.active()) {
                fields.add("active");
            }
            return fields;
        }

        /** Equal JSON is the common case; else the lists, in case the stored JSON is spelled otherwise. */
        private static boolean sameList(String stored, String json) {
            return stored.equals(json) || JsonLists.read(stored).equals(JsonLists.read(json));
        }
    }

    /** An entry with its lists as JSON, and the id of its row when it updates one. */
    private record Write(SubscriberEntry entry, String interests, String excludes, long id) {

        Write(SubscriberEntry entry, String interests, String excludes) {
            this(entry, interests, excludes, 0);
        }

        Write of(long rowId) {
            return new Write(entry, interests, excludes, rowId);
        }

        /** name, interests, excludes, max_papers, format, active from parameter {@code first} on. */
        void setColumns(PreparedStatement statement, int first) throws SQLException {
            if (entry.name() == null) {
                statement.setNull(first, Types.VARCHAR);
            } else {
                statement.setString(first, entry.name());
            }
            statement.setString(first + 1, interests);
            statement.setString(first + 2, excludes);
            statement.setInt(first + 3, entry.maxPapers());
            statement.setString(first + 4, entry.format().value());
            statement.setBoolean(first + 5, entry.active());
        }
    }
}
