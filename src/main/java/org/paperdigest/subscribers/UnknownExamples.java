package org.paperdigest.subscribers;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Warns of the example papers ({@code like:}) that table {@code paper} does not have yet: not an error, as the example
 * is used once such a paper is loaded. The papers are read once a sync, and only when an entry has examples.
 */
final class UnknownExamples {

    private final JdbcTemplate jdbc;
    private final String file;
    private final Consumer<String> warnings;
    private final Set<String> warned = new HashSet<>();
    private Set<String> known;

    UnknownExamples(JdbcTemplate jdbc, String file, Consumer<String> warnings) {
        this.jdbc = jdbc;
        this.file = file;
        this.warnings = warnings;
    }

    void check(SubscriberEntry entry) {
        for (String example : entry.like()) {
            if (!knows(example) && warned.add(example)) {
                warnings.accept("paper-digest: warning: " + file + ":" + entry.line() + ": subscriber " + entry.email()
                        + ": example " + EntryProblems.quote(example) + " is not among the papers loaded so far"
                        + " (no such arXiv id or title); it is used once such a paper is loaded");
            }
        }
    }

    private boolean knows(String example) {
        if (known == null) {
            known = new HashSet<>();
            jdbc.query("SELECT paper_id, title FROM paper", rs -> {
                if (rs.getString("paper_id") != null) {
                    known.add(rs.getString("paper_id"));
                }
                known.add(SubscriberEntry.exampleKey(rs.getString("title")));
            });
        }
        return known.contains(SubscriberEntry.exampleKey(example));
    }
}
