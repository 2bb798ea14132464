package org.paperdigest.subscribers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/** Table {@code subscriber} as a sync reads and writes it: a batch of rows per statement. */
final class SubscriberTable {

    static final int BATCH_SIZE = 1_000;

    /**
     * The rows with the batch's addresses, given as one array: joined, H2 looks each up in the index;
     * {@code IN (?, ?, ...)} would also compare every row found with every address of the list.
     */
    private static final String ROWS = """
            SELECT t.id, t.email_key, t.email, t.name, t.interests, t.excludes, t.max_papers, t.format, t.active,
                   t.weekday, t.likes
              FROM UNNEST(CAST(? AS VARCHAR(320) ARRAY)) AS batch(email_key)
              JOIN subscriber t ON t.email_key = batch.email_key""";
    /**
     * The new rows of a batch, given as one array per column: one statement, where a JDBC batch would
     * run the statement and collect an id once per row.
     */
    private static final String INSERT = """
            INSERT INTO subscriber (updated_at, email, email_key, name, interests, excludes, max_papers, format,
                                    active, unsubscribe_token, weekday, likes)
            SELECT CAST(? AS TIMESTAMP WITH TIME ZONE), batch.*
              FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS INTEGER ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS BOOLEAN ARRAY), CAST(? AS VARCHAR ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY)) AS batch""";
    private static final String UPDATE = """
            UPDATE subscriber
               SET email = ?, name = ?, interests = ?, excludes = ?, max_papers = ?, format = ?, active = ?,
                   weekday = ?, likes = ?, updated_at = ?
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

    private final JdbcTemplate jdbc;
    private final OffsetDateTime now;

    SubscriberTable(JdbcTemplate jdbc, OffsetDateTime now) {
        this.jdbc = jdbc;
        this.now = now;
    }

    long activeRows() {
        return jdbc.queryForObject(ACTIVE_ROWS, Long.class);
    }

    /** The rows with these addresses, by address. */
    Map<String, SubscriberRow> rowsOf(Object[] emailKeys) {
        Map<String, SubscriberRow> rows = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(ROWS);
            statement.setArray(1, connection.createArrayOf("VARCHAR", emailKeys));
            return statement;
        }, (ResultSet rs) -> {
            rows.put(rs.getString("email_key"), SubscriberRow.of(rs));
        });
        return rows;
    }

    /**
     * Adds the new subscribers in one statement, each with a new unsubscribe token.
     *
     * @param ids gets the id of each row added
     */
    void insert(List<Write> inserts, Supplier<String> tokens, LongConsumer ids) {
        if (inserts.isEmpty()) {
            return;
        }
        int n = inserts.size();
        jdbc.execute(connection -> connection.prepareStatement(INSERT, new String[] {"id"}),
                (PreparedStatement statement) -> {
                    Connection connection = statement.getConnection();
                    statement.setObject(1, now);
                    statement.setArray(2, array(connection, "VARCHAR", inserts, w -> w.entry().email()));
                    statement.setArray(3, array(connection, "VARCHAR", inserts, w -> w.entry().emailKey()));
                    statement.setArray(4, array(connection, "VARCHAR", inserts, w -> w.entry().name()));
                    statement.setArray(5, array(connection, "VARCHAR", inserts, Write::interests));
                    statement.setArray(6, array(connection, "VARCHAR", inserts, Write::excludes));
                    statement.setArray(7, array(connection, "INTEGER", inserts, w -> w.entry().maxPapers()));
                    statement.setArray(8, array(connection, "VARCHAR", inserts, w -> w.entry().format().value()));
                    statement.setArray(9, array(connection, "BOOLEAN", inserts, w -> w.entry().active()));
                    statement.setArray(10, array(connection, "VARCHAR", inserts, w -> tokens.get()));
                    statement.setArray(11, array(connection, "VARCHAR", inserts, w -> w.weekday()));
                    statement.setArray(12, array(connection, "VARCHAR", inserts, Write::likes));
                    int rows = statement.executeUpdate();
                    int given = 0;
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        for (; keys.next(); given++) {
                            ids.accept(keys.getLong(1));
                        }
                    }
                    if (rows != n || given != n) {
                        throw new IllegalStateException("the database added " + rows + " rows and gave " + given
                                + " ids for " + n + " new subscribers; nothing was applied");
                    }
                    return rows;
                });
    }

    private static java.sql.Array array(Connection connection, String type, List<Write> writes,
            Function<Write, Object> column) throws SQLException {
        return connection.createArrayOf(type, writes.stream().map(column).toArray());
    }

    void update(List<Write> updates) {
        if (updates.isEmpty()) {
            return;
        }
        int[] counts = jdbc.batchUpdate(UPDATE, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                Write write = updates.get(i);
                statement.setString(1, write.entry().email());
                write.setColumns(statement, 2);
                statement.setObject(10, now);
                statement.setLong(11, write.id());
            }

            @Override
            public int getBatchSize() {
                return updates.size();
            }
        });
        expectOneRowEach(counts, i -> updates.get(i).id());
    }

    /** An active row: its id, address key and address as written. */
    record Active(long id, String emailKey, String email) {
    }

    /** A page of the active rows in address order, after {@code after}. */
    List<Active> activeAfter(String after) {
        return jdbc.query(ACTIVE, (rs, i) -> new Active(rs.getLong("id"), rs.getString("email_key"),
                rs.getString("email")), after);
    }

    void deactivate(List<Long> ids) {
        if (!ids.isEmpty()) {
            int[] counts = jdbc.batchUpdate(DEACTIVATE, ids.stream().map(id -> new Object[] {now, id}).toList());
            expectOneRowEach(counts, ids::get);
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

    /** An entry with its lists as JSON, and the id of its row when it updates one. */
    record Write(SubscriberEntry entry, String interests, String excludes, String likes, long id) {

        Write(SubscriberEntry entry, String interests, String excludes, String likes) {
            this(entry, interests, excludes, likes, 0);
        }

        Write of(long rowId) {
            return new Write(entry, interests, excludes, likes, rowId);
        }

        /** The weekday column: a weekly reader's day, lower case; null for a daily reader. */
        String weekday() {
            return entry.weeklyOn() == null ? null : entry.weeklyOn().name().toLowerCase(java.util.Locale.ROOT);
        }

        /** name, interests, excludes, max_papers, format, active, weekday, likes from parameter {@code first} on. */
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
            statement.setString(first + 6, weekday());
            statement.setString(first + 7, likes);
        }
    }
}
