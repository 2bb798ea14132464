package org.paperdigest.subscribers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Table {@code subscriber} as a sync reads and writes it: a batch of rows per statement. */
final class SubscriberTable {

    static final int BATCH_SIZE = 1_000;

    /** Of {@link Row#values}' columns, then of email_key. */
    private static final String[] TYPES = {"VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER", "VARCHAR",
        "VARCHAR", "BOOLEAN", "VARCHAR"};
    /** A batch's addresses as one array: joined, H2 looks each up in the index; IN (?, ...) compares them all. */
    private static final String ROWS = """
            SELECT t.id, t.email_key, t.email, t.name, t.interests, t.excludes, t.likes, t.max_papers, t.format,
                   t.weekday, t.active
              FROM UNNEST(CAST(? AS VARCHAR(320) ARRAY)) AS batch(email_key)
              JOIN subscriber t ON t.email_key = batch.email_key""";
    /** A batch's new rows as an array per column: one statement, where a JDBC batch would collect an id per row. */
    private static final String INSERT = """
            INSERT INTO subscriber (updated_at, email, name, interests, excludes, likes, max_papers, format, weekday,
                                    active, email_key)
            SELECT CAST(? AS TIMESTAMP WITH TIME ZONE), batch.*
              FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS INTEGER ARRAY),
                          CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS BOOLEAN ARRAY),
                          CAST(? AS VARCHAR ARRAY)) AS batch""";
    private static final String UPDATE = """
            UPDATE subscriber
               SET email = ?, name = ?, interests = ?, excludes = ?, likes = ?, max_papers = ?, format = ?,
                   weekday = ?, active = ?, updated_at = ?
             WHERE id = ?""";
    private static final String ACTIVE = """
            SELECT id, email_key, email
              FROM subscriber
             WHERE active AND email_key > ?
             ORDER BY email_key
             FETCH FIRST %d ROWS ONLY""".formatted(BATCH_SIZE);
    private static final String DEACTIVATE = "UPDATE subscriber SET active = FALSE, updated_at = ? WHERE id = ?";

    private static final ObjectWriter JSON = JsonMapper.shared().writer();

    private final JdbcTemplate jdbc;
    private final OffsetDateTime now;

    SubscriberTable(JdbcTemplate jdbc, OffsetDateTime now) {
        this.jdbc = jdbc;
        this.now = now;
    }

    /** An entry as its row has it, lists as JSON, in the order of the file's keys; id 0 for an entry. */
    record Row(long id, String email, String name, String interests, String excludes, String likes, int maxPapers,
            String format, String weekday, boolean active) {

        static Row of(SubscriberEntry entry) {
            String weekday = entry.weeklyOn() == null ? null : entry.weeklyOn().name().toLowerCase(Locale.ROOT);
            return new Row(0, entry.email(), entry.name(), json(entry.interests()), json(entry.exclude()),
                    json(entry.like()), entry.maxPapers(), entry.format().value(), weekday, entry.active());
        }

        /** Most entries have no exclude and no like: their "[]" costs no generator. */
        private static String json(List<String> list) {
            return list.isEmpty() ? "[]" : JSON.writeValueAsString(list);
        }

        static Row of(ResultSet rs) throws SQLException {
            return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("name"), rs.getString("interests"),
                    rs.getString("excludes"), rs.getString("likes"), rs.getInt("max_papers"),
                    Format.fromValue(rs.getString("format")).value(), rs.getString("weekday"), rs.getBoolean("active"));
        }

        /** In the order of {@link #UPDATE}'s columns, then {@code more}. */
        Object[] values(Object... more) {
            Object[] values = {email, name, interests, excludes, likes, maxPapers, format, weekday, active};
            Object[] all = Arrays.copyOf(values, values.length + more.length);
            System.arraycopy(more, 0, all, values.length, more.length);
            return all;
        }

        /** The file's keys whose values differ from those of the row stored, in {@link EntryProblems#KEYS} order. */
        List<String> changedFrom(Row stored) {
            return Stream.of(email.equals(stored.email) ? null : "email",
                    Objects.equals(name, stored.name) ? null : "name",
                    sameList(interests, stored.interests) ? null : "interests",
                    sameList(excludes, stored.excludes) ? null : "exclude",
                    sameList(likes, stored.likes) ? null : "like",
                    maxPapers == stored.maxPapers ? null : "max-papers",
                    format.equals(stored.format) ? null : "format",
                    Objects.equals(weekday, stored.weekday) ? null
                            : weekday == null || stored.weekday == null ? "frequency" : "weekday",
                    active == stored.active ? null : "active").filter(Objects::nonNull).toList();
        }

        /** Equal JSON is the common case; else the lists, in case the stored JSON is spelled otherwise. */
        private static boolean sameList(String json, String stored) {
            return json.equals(stored)
                    || SubscriberRowMapper.readList(json).equals(SubscriberRowMapper.readList(stored));
        }
    }

    long activeRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM subscriber WHERE active", Long.class);
    }

    Map<String, Row> rowsOf(Object[] emailKeys) {
        Map<String, Row> rows = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(ROWS);
            statement.setArray(1, connection.createArrayOf("VARCHAR", emailKeys));
            return statement;
        }, (RowCallbackHandler) rs -> rows.put(rs.getString("email_key"), Row.of(rs)));
        return rows;
    }

    /** Adds new subscribers in one statement; {@code ids} gets their ids. */
    void insert(List<Row> rows, LongConsumer ids) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> values = rows.stream().map(row -> row.values(SubscriberEntry.emailKey(row.email()))).toList();
        jdbc.execute(connection -> connection.prepareStatement(INSERT, new String[] {"id"}),
                (PreparedStatement statement) -> {
                    Connection connection = statement.getConnection();
                    statement.setObject(1, now);
                    for (int c = 0; c < TYPES.length; c++) {
                        int column = c;
                        statement.setArray(c + 2, connection.createArrayOf(TYPES[c],
                                values.stream().map(row -> row[column]).toArray()));
                    }
                    int added = statement.executeUpdate();
                    int given = 0;
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        for (; keys.next(); given++) {
                            ids.accept(keys.getLong(1));
                        }
                    }
                    if (added != rows.size() || given != rows.size()) {
                        throw new IllegalStateException("the database added " + added + " rows and gave " + given
                                + " ids for " + rows.size() + " new subscribers; nothing was applied");
                    }
                    return added;
                });
    }

    Object[] updateOf(Row entry, long id) {
        return entry.values(now, id);
    }

    void update(List<Object[]> updates) {
        if (!updates.isEmpty()) {
            expectOneRowEach(jdbc.batchUpdate(UPDATE, updates), updates);
        }
    }

    record Active(long id, String emailKey, String email) {
    }

    /** A page of the active rows in address order. */
    List<Active> activeAfter(String after) {
        return jdbc.query(ACTIVE, (rs, i) -> new Active(rs.getLong("id"), rs.getString("email_key"),
                rs.getString("email")), after);
    }

    void deactivate(List<Long> ids) {
        if (!ids.isEmpty()) {
            List<Object[]> updates = ids.stream().map(id -> new Object[] {now, id}).toList();
            expectOneRowEach(jdbc.batchUpdate(DEACTIVATE, updates), updates);
        }
    }

    /** A row compared a moment ago vanished: roll everything back rather than half-apply. */
    private static void expectOneRowEach(int[] counts, List<Object[]> updates) {
        for (int i = 0; i < counts.length; i++) {
            // a driver may answer "done, count unknown" for a batch
            if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
                Object[] update = updates.get(i);
                throw new IllegalStateException("subscriber row " + update[update.length - 1]
                        + " changed during the sync; nothing was applied");
            }
        }
    }
}
