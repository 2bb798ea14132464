package org.paperdigest.subscribers;

import java.time.DayOfWeek;
import java.util.List;

/**
 * A row of table {@code subscriber}, as last synced from the file.
 *
 * @param name     null when the file gives none
 * @param weeklyOn the weekday of a weekly reader's digest; null for a daily reader
 * @param like     example papers (arXiv ids or titles) whose like the reader wants
 */
public record Subscriber(long id, String email, String name, List<String> interests, List<String> exclude,
        int maxPapers, Format format, boolean active, DayOfWeek weeklyOn, List<String> like) {

    public Subscriber {
        interests = List.copyOf(interests);
        exclude = List.copyOf(exclude);
        like = List.copyOf(like);
    }
}
