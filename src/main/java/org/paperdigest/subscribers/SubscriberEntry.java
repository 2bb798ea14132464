package org.paperdigest.subscribers;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One validated entry of the subscribers file, strings trimmed and defaults filled in.
 *
 * @param name     null when the entry has none
 * @param weeklyOn the weekday of a weekly reader's digest; null for a daily reader
 * @param line     1-based line of the entry in the file, for messages about it later
 * @param like     example papers (arXiv ids or titles) whose like the reader wants; empty when none
 */
public record SubscriberEntry(String email, String name, List<String> interests, List<String> exclude, int maxPapers,
        Format format, boolean active, DayOfWeek weeklyOn, int line, List<String> like) {

    public SubscriberEntry {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(format, "format");
        interests = List.copyOf(interests);
        exclude = List.copyOf(exclude);
        like = List.copyOf(like);
    }

    /** A daily reader's entry, without examples. */
    public SubscriberEntry(String email, String name, List<String> interests, List<String> exclude, int maxPapers,
            Format format, boolean active, int line) {
        this(email, name, interests, exclude, maxPapers, format, active, null, line, List.of());
    }

    /** The lower-cased address that identifies the subscriber across syncs. */
    public String emailKey() {
        return emailKey(email);
    }

    /** The one definition of an address's case-insensitive identity ({@code subscriber.email_key}). */
    static String emailKey(String email) {
        // Locale.ROOT: a Turkish default locale must not turn 'I' into a dotless 'ı'
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
