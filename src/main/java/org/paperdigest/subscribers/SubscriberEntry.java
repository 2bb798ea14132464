package org.paperdigest.subscribers;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.paperdigest.TitleKey;

/**
 * One validated entry of the subscribers file, strings trimmed and defaults filled in.
 *
 * @param weeklyOn the weekday of a weekly reader's digest; null for a daily reader
 * @param line     the entry's line in the file, for messages about it later
 */
public record SubscriberEntry(String email, String name, List<String> interests, List<String> exclude, int maxPapers,
        Format format, boolean active, DayOfWeek weeklyOn, int line, List<String> like) {

    private static final Pattern ARXIV_ID = Pattern.compile("(?i)(?:arxiv:)?(\\d{4}\\.\\d{4,5})(?:v\\d+)?");

    public SubscriberEntry {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(format, "format");
        interests = List.copyOf(interests);
        exclude = List.copyOf(exclude);
        like = List.copyOf(like);
    }

    public String emailKey() {
        return emailKey(email);
    }

    /** An address's case-insensitive identity, column {@code subscriber.email_key}. */
    static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT); // ROOT: a Turkish locale would turn 'I' into a dotless 'ı'
    }

    /**
     * What an example ({@code like:}) is looked up by: an arXiv id without prefix and version, or a title's key, as
     * the day's papers have theirs ({@link TitleKey}).
     */
    public static String exampleKey(String example) {
        Matcher id = ARXIV_ID.matcher(example.strip());
        return id.matches() ? id.group(1) : TitleKey.of(example);
    }
}
