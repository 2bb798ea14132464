package org.paperdigest.subscribers;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** How often a subscriber gets a digest: every issue date, or once a week on their weekday. */
public enum Frequency {
    DAILY,
    WEEKLY;

    /** The spelling used in the subscribers file. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the file's spelling ({@code daily} or {@code weekly}, any case).
     *
     * @throws IllegalArgumentException for anything else
     */
    @JsonCreator
    public static Frequency fromValue(String value) {
        for (Frequency frequency : values()) {
            if (frequency.value().equalsIgnoreCase(value.trim())) {
                return frequency;
            }
        }
        throw new IllegalArgumentException("unknown frequency '" + value + "'");
    }
}
