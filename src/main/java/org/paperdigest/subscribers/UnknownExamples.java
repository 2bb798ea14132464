package org.paperdigest.subscribers;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Warns of the example papers ({@code like:}) that table {@code paper} does not have yet: not an error, as the example
 * is used once such a paper is loaded. The papers are read once a sync, and only when an entry has examples.
 */
final class UnknownExamples {

    /** As the papers' title key: two titles that differ only in case, spacing or punctuation are the same. */
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern ARXIV_ID = Pattern.compile("(?i)(?:arxiv:)?(\\d{4}\\.\\d{4,5})(?:v\\d+)?");

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
                known.add(key(rs.getString("title")));
            });
        }
        return known.contains(key(example));
    }

    /** An arXiv id without prefix and version, or a title's key. */
    static String key(String example) {
        Matcher id = ARXIV_ID.matcher(example.strip());
        return id.matches() ? id.group(1) : NOT_WORD.matcher(example.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
