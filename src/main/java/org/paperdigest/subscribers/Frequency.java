package org.paperdigest.subscribers;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** How often a subscriber gets a digest: every issue date, or once a week on their weekday. */
public enum Frequency {
    DAILY,
    WEEKLY;

    /** Reads the file's spelling ({@code daily} or {@code weekly}), in any case. */
    @JsonCreator
    public static Frequency fromValue(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
