package org.paperdigest.subscribers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.RowMapper;

/** Maps a row of table {@code subscriber}, selected with at least {@link #COLUMNS}; stateless and thread-safe. */
public class SubscriberRowMapper implements RowMapper<Subscriber> {

    /** The columns this mapper reads, ready for a select clause. */
    public static final String COLUMNS =
            "id, email, name, interests, excludes, max_papers, format, active, unsubscribe_token, weekday, likes";

    @Override
    public Subscriber mapRow(ResultSet rs, int rowNum) throws SQLException {
        String weekday = rs.getString("weekday");
        String likes = rs.getString("likes");
        return new Subscriber(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                JsonLists.read(rs.getString("interests")), JsonLists.read(rs.getString("excludes")),
                rs.getInt("max_papers"), Format.fromValue(rs.getString("format")), rs.getBoolean("active"),
                rs.getString("unsubscribe_token"),
                weekday == null ? null : DayOfWeek.valueOf(weekday.toUpperCase(Locale.ROOT)),
                // most readers have no examples: their row's '[]' is neither parsed nor looked up among the lists kept
                likes == null || likes.equals("[]") ? List.of() : JsonLists.read(likes));
    }
}
