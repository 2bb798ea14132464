package org.paperdigest.subscribers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a row of table {@code subscriber}, selected with at least {@link #COLUMNS}. One instance per reader (a step's):
 * it keeps the lists of the page being mapped, since subscribers share lists, and lets them go with the page.
 */
public class SubscriberRowMapper implements RowMapper<Subscriber> {

    public static final String COLUMNS =
            "id, email, name, interests, excludes, max_papers, format, active, weekday, likes";

    private static final ObjectReader LISTS = JsonMapper.shared().readerFor(new TypeReference<List<String>>() {
    });

    private final Map<String, List<String>> pageLists = new HashMap<>();

    @Override
    public Subscriber mapRow(ResultSet rs, int rowNum) throws SQLException {
        if (rowNum == 0) { // a query's first row: a reader's next page
            pageLists.clear();
        }
        String weekday = rs.getString("weekday");
        String likes = rs.getString("likes");
        return new Subscriber(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                list(rs.getString("interests")), list(rs.getString("excludes")),
                rs.getInt("max_papers"), Format.fromValue(rs.getString("format")), rs.getBoolean("active"),
                weekday == null ? null : DayOfWeek.valueOf(weekday.toUpperCase(Locale.ROOT)),
                // most readers have no examples: their '[]' is neither parsed nor kept
                likes == null || likes.equals("[]") ? List.of() : list(likes));
    }

    private List<String> list(String json) {
        return pageLists.computeIfAbsent(json, SubscriberRowMapper::readList);
    }

    /** A JSON array of strings, as columns {@code interests}, {@code excludes} and {@code likes} hold them. */
    static List<String> readList(String json) {
        return List.copyOf(LISTS.<List<String>>readValue(json));
    }
}
