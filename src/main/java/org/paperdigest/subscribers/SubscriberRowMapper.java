package org.paperdigest.subscribers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.RowMapper;

/**
 * Maps a row of table {@code subscriber} to a {@link Subscriber}. The query must select at least
 * {@link #COLUMNS}; stateless and thread-safe, so one instance can serve any reader.
 */
public class SubscriberRowMapper implements RowMapper<Subscriber> {

    /** The columns this mapper reads, ready for a select clause. */
    public static final String COLUMNS =
            "id, email, name, interests, excludes, max_papers, format, active, unsubscribe_token, weekday, likes";

    /** Most readers have no examples: their row is not parsed, nor looked up among the lists kept. */
    private static List<String> likes(String json) {
        return json == null || json.equals("[]") ? List.of() : JsonLists.read(json);
    }

    @Override
    public Subscriber mapRow(ResultSet rs, int rowNum) throws SQLException {
        return new Subscriber(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("name"),
                JsonLists.read(rs.getString("interests")),
                JsonLists.read(rs.getString("excludes")),
                rs.getInt("max_papers"),
                Format.fromValue(rs.getString("format")),
                rs.getBoolean("active"),
                rs.getString("unsubscribe_token"),
                rs.getString("weekday") == null ? null : DayOfWeek.valueOf(rs.getString("weekday").toUpperCase(Locale.ROOT)),
                likes(rs.getString("likes")));
    }
}
