package org.paperdigest.subscribers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A row of table subscriber as it is, the lists as their stored JSON. */
record SubscriberRow(long id, String email, String name, String interests, String excludes, int maxPapers,
        String format, boolean active, String weekday, String likes) {

    static SubscriberRow of(ResultSet rs) throws SQLException {
        return new SubscriberRow(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                rs.getString("interests"), rs.getString("excludes"), rs.getInt("max_papers"),
                rs.getString("format"), rs.getBoolean("active"), rs.getString("weekday"),
                rs.getString("likes"));
    }

    /** The file keys whose values differ, in {@link EntryProblems#KEYS} order. */
    List<String> changedFields(SubscriberTable.Write write) {
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
        if (!sameList(likes, write.likes())) {
            fields.add("like");
        }
        if (maxPapers != entry.maxPapers()) {
            fields.add("max-papers");
        }
        if (Format.fromValue(format) != entry.format()) {
            fields.add("format");
        }
        if (!Objects.equals(weekday, write.weekday())) {
            fields.add(weekday == null || write.weekday() == null ? "frequency" : "weekday");
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
